package io.sluice.steps.model;

import io.sluice.steps.Json;
import io.sluice.steps.cli.StepFailure;
import io.sluice.steps.data.DataFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A model output folder: {@code model.onnx} and {@code signature.json}, the unit the registry
 * records and the serving gateway loads.
 *
 * @param folder the folder holding both files
 */
public record ModelPackage(Path folder) {

  /** The ONNX graph's file name. */
  public static final String MODEL_FILE = "model.onnx";

  /** The signature's file name. */
  public static final String SIGNATURE_FILE = "signature.json";

  /**
   * An existing package.
   *
   * @throws StepFailure when the folder or one of its two files is missing
   */
  public static ModelPackage existing(Path folder) {
    DataFolder.existing(folder);
    for (String file : new String[] {MODEL_FILE, SIGNATURE_FILE}) {
      if (!Files.isRegularFile(folder.resolve(file))) {
        throw new StepFailure("model folder " + folder + " has no " + file);
      }
    }
    return new ModelPackage(folder);
  }

  /** The ONNX file. */
  public Path modelFile() {
    return folder.resolve(MODEL_FILE);
  }

  /**
   * Reads the signature.
   *
   * @throws StepFailure when it is not a valid signature
   */
  public Signature signature() {
    Path file = folder.resolve(SIGNATURE_FILE);
    try {
      return Json.read(file, Signature.class);
    } catch (IOException e) {
      throw new StepFailure(file + " is not a valid model signature: " + e.getMessage());
    }
  }

  /** Writes the signature next to the model. */
  public void writeSignature(Signature signature) {
    Json.write(folder.resolve(SIGNATURE_FILE), signature);
  }

  /** Copies both files into the target folder, creating it, and returns the copy. */
  public ModelPackage copyTo(Path target) {
    DataFolder.created(target);
    try {
      for (String file : new String[] {MODEL_FILE, SIGNATURE_FILE}) {
        Files.copy(folder.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy model " + folder + " to " + target, e);
    }
    return new ModelPackage(target);
  }
}
