package io.sluice.ingest.drop;

import io.sluice.events.ObjectRef;
import io.sluice.events.RejectionReason;
import io.sluice.ingest.dataset.DatasetDefinition;
import io.sluice.ingest.dataset.DatasetDefinition.Limits;
import io.sluice.ingest.store.ObjectStore;
import io.sluice.storage.StoredObject;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lists a complete drop folder, checks it against the dataset's limits, and streams every data
 * object once: hashing (sha256) and validating it in the same pass. Store failures propagate as
 * unchecked exceptions, which the caller treats as transient.
 */
public final class DropInspector {

  /** Markers and hidden files a drop may hold beyond its data objects before listing stops. */
  static final int LISTING_SLACK = 100;

  private final ObjectStore store;

  public DropInspector(ObjectStore store) {
    this.store = store;
  }

  public DropResult inspect(DatasetDefinition dataset, String dropFolder) {
    Limits limits = dataset.limits();
    List<StoredObject> listed =
        store.list(dataset.bucket(), dropFolder, limits.maxObjects() + LISTING_SLACK + 1);
    List<ObjectRef> data = dataOf(dataset.bucket(), dropFolder, listed);
    try {
      checkKeys(dropFolder, listed);
      checkListing(dropFolder, data, limits);
      return read(dataset, data);
    } catch (DropRejectedException e) {
      return new DropResult.Invalid(e.reason(), e.getMessage(), data);
    }
  }

  private static List<ObjectRef> dataOf(String bucket, String folder, List<StoredObject> listed) {
    List<ObjectRef> data = new ArrayList<>();
    for (StoredObject object : listed) {
      String path = object.key().substring(folder.length());
      if (!path.isEmpty() && DropFolders.isDataPath(path)) {
        data.add(new ObjectRef(bucket, object.key(), object.size(), object.eTag(), null));
      }
    }
    return data;
  }

  /**
   * Every object of the folder is staged into a step's input (markers and hidden files too), so one
   * that cannot be a file there would fail every run on this drop: refuse the drop instead.
   */
  private static void checkKeys(String folder, List<StoredObject> listed)
      throws DropRejectedException {
    for (StoredObject object : listed) {
      String path = object.key().substring(folder.length());
      if (path.isEmpty()) {
        continue; // a folder marker object
      }
      var unsafe = DropFolders.whyUnsafe(path);
      if (unsafe.isPresent()) {
        throw new DropRejectedException(
            RejectionReason.UNREADABLE,
            "object key '"
                + DropFolders.printable(object.key())
                + "' cannot be staged as a file: "
                + unsafe.get()
                + "; rename or remove it and drop again");
      }
    }
  }

  private static void checkListing(String folder, List<ObjectRef> objects, Limits limits)
      throws DropRejectedException {
    if (objects.isEmpty()) {
      throw new DropRejectedException(
          RejectionReason.EMPTY_DROP, folder + " holds no data object (only markers or nothing)");
    }
    if (objects.size() > limits.maxObjects()) {
      throw new DropRejectedException(
          RejectionReason.TOO_MANY_OBJECTS,
          folder + " holds more than " + limits.maxObjects() + " data objects (limits.maxObjects)");
    }
    long total = 0;
    for (ObjectRef object : objects) {
      if (!object.key().toLowerCase(Locale.ROOT).endsWith(".csv")) {
        throw new DropRejectedException(
            RejectionReason.NOT_CSV, object.key() + " is not a .csv file; only CSV is accepted");
      }
      if (object.size() > limits.maxObjectBytes()) {
        throw new DropRejectedException(
            RejectionReason.TOO_LARGE,
            object.key()
                + " is "
                + object.size()
                + " bytes, more than limits.maxObjectBytes "
                + limits.maxObjectBytes());
      }
      total += object.size();
    }
    if (total > limits.maxTotalBytes()) {
      throw new DropRejectedException(
          RejectionReason.TOO_LARGE,
          folder
              + " holds "
              + total
              + " bytes, more than limits.maxTotalBytes "
              + limits.maxTotalBytes());
    }
  }

  private DropResult read(DatasetDefinition dataset, List<ObjectRef> listed)
      throws DropRejectedException {
    CsvValidator validator = new CsvValidator(dataset.schema(), dataset.limits().maxRows());
    List<ObjectRef> hashed = new ArrayList<>();
    for (ObjectRef object : listed) {
      hashed.add(readOne(dataset.bucket(), object, validator));
    }
    if (validator.rowCount() == 0) {
      throw new DropRejectedException(
          RejectionReason.NO_ROWS, "the files of the drop have a header but no data rows");
    }
    return new DropResult.Valid(hashed, validator.rowCount(), validator.columns());
  }

  private ObjectRef readOne(String bucket, ObjectRef object, CsvValidator validator)
      throws DropRejectedException {
    try (HashingInputStream in = new HashingInputStream(store.open(bucket, object.key()))) {
      validator.validate(object.key(), strictUtf8(in));
      in.drain();
      if (in.bytesRead() != object.size()) {
        // Rewritten between LIST and GET: fail transiently, the retry lists again.
        throw new IllegalStateException(object.key() + " changed while it was read");
      }
      return new ObjectRef(bucket, object.key(), object.size(), object.eTag(), in.sha256());
    } catch (ObjectStore.ObjectGoneException e) {
      throw new DropRejectedException(RejectionReason.UNREADABLE, e.getMessage());
    } catch (CharacterCodingException e) {
      throw new DropRejectedException(
          RejectionReason.NOT_UTF8, object.key() + " is not valid UTF-8 text; save it as UTF-8");
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + object.key() + " failed", e);
    }
  }

  private static Reader strictUtf8(HashingInputStream in) {
    return new InputStreamReader(
        in,
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
  }
}
