package io.sluice.events;

import java.util.List;

/**
 * A drop that can never become a dataset version, with a reason a person can act on. Key: the
 * dataset name.
 *
 * @param datasetName the dataset
 * @param bucket the bucket of the dataset
 * @param dropFolder the drop folder, e.g. {@code iris/2026-11-22/}
 * @param reason the reason code
 * @param message what is wrong and what to do, e.g. "iris.csv line 17 has 4 fields, the header 5"
 * @param objects the objects of the drop as listed (sha256 where it was computed)
 */
public record DataRejected(
    String datasetName,
    String bucket,
    String dropFolder,
    RejectionReason reason,
    String message,
    List<ObjectRef> objects)
    implements EventData {

  public DataRejected {
    Checks.notBlank(datasetName, "datasetName");
    Checks.notBlank(bucket, "bucket");
    Checks.notBlank(dropFolder, "dropFolder");
    Checks.required(reason, "reason");
    Checks.notBlank(message, "message");
    objects = Checks.list(objects, "objects");
  }

  @Override
  public EventType eventType() {
    return EventType.DATA_REJECTED;
  }
}
