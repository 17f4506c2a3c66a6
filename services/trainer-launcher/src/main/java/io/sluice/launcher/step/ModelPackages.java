package io.sluice.launcher.step;

import io.sluice.events.Json;
import io.sluice.events.ModelSignature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Recognises a model package among a step's outputs (a folder holding {@code signature.json}) and
 * reads its signature, so that {@code step.done} carries it and nobody downstream has to read the
 * artifact store to learn how to call the model.
 */
final class ModelPackages {

  static final String SIGNATURE_FILE = "signature.json";
  private static final long MAX_SIGNATURE_BYTES = 256 * 1024;

  private ModelPackages() {}

  /** The folder's signature, or empty when the folder is not a model package. */
  static Optional<ModelSignature> signatureOf(Path outputFolder)
      throws IOException, InvalidSignatureException {
    Path file = outputFolder.resolve(SIGNATURE_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    if (Files.size(file) > MAX_SIGNATURE_BYTES) {
      throw new InvalidSignatureException(SIGNATURE_FILE + " is larger than 256 KiB", null);
    }
    try {
      return Optional.of(Json.mapper().readValue(file.toFile(), ModelSignature.class));
    } catch (IOException | RuntimeException e) {
      throw new InvalidSignatureException(
          SIGNATURE_FILE + " is not a valid model signature: " + e.getMessage(), e);
    }
  }

  /** A folder claims to be a model package but its signature cannot be read. */
  static final class InvalidSignatureException extends Exception {
    InvalidSignatureException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
