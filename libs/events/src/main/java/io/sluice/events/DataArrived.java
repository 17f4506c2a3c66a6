package io.sluice.events;

import java.util.ArrayList;
import java.util.List;

/**
 * A complete, valid drop became a dataset version. Key: the dataset name. Lineage ids: {@code
 * versionId} (also the correlation id of everything the drop triggers) and the objects' sha256.
 *
 * @param datasetName the dataset (a bucket and prefix under one name)
 * @param versionId sha256 (hex) of the canonical manifest: paths relative to the drop folder, sizes
 *     and content sha256; the same content dropped twice is the same version
 * @param bucket the bucket of the dataset
 * @param prefix the dataset prefix, e.g. {@code iris/}
 * @param dropFolder the drop folder, e.g. {@code iris/2026-11-22/}
 * @param completion why the drop was considered complete
 * @param objects every data object of the drop, each with its sha256, all in the drop folder
 * @param rowCount data rows (without headers) across all files
 * @param columns the columns, in file order
 * @param labelColumn the column a supervised pipeline predicts, or null
 */
public record DataArrived(
    String datasetName,
    String versionId,
    String bucket,
    String prefix,
    String dropFolder,
    Completion completion,
    List<ObjectRef> objects,
    long rowCount,
    List<ColumnSpec> columns,
    @Nullable String labelColumn)
    implements EventData {

  public DataArrived {
    Checks.notBlank(datasetName, "datasetName");
    Checks.sha256(versionId, "versionId");
    Checks.notBlank(bucket, "bucket");
    Checks.required(prefix, "prefix");
    Checks.notBlank(dropFolder, "dropFolder");
    Checks.required(completion, "completion");
    objects = Checks.nonEmptyList(objects, "objects");
    for (int i = 0; i < objects.size(); i++) {
      if (!objects.get(i).bucket().equals(bucket)) {
        throw new IllegalArgumentException(
            "objects[" + i + "].bucket '" + objects.get(i).bucket() + "' is not '" + bucket + "'");
      }
    }
    String expected = versionOf(dropFolder, objects);
    if (!expected.equals(versionId)) {
      throw new IllegalArgumentException(
          "versionId " + versionId + " is not the hash of the objects' manifest " + expected);
    }
    Checks.atLeast(rowCount, 0L, "rowCount");
    columns = Checks.nonEmptyList(columns, "columns");
    if (labelColumn != null && columns.stream().noneMatch(c -> c.name().equals(labelColumn))) {
      throw new IllegalArgumentException(
          "labelColumn '" + labelColumn + "' is not one of the columns");
    }
  }

  @Override
  public EventType eventType() {
    return EventType.DATA_ARRIVED;
  }

  /**
   * The dataset version id of these objects: {@link FolderDigest#of} their paths relative to the
   * drop folder, sizes and sha256, so it does not depend on the folder's name.
   *
   * @throws IllegalArgumentException if an object is outside the drop folder or has no sha256
   */
  public static String versionOf(String dropFolder, List<ObjectRef> objects) {
    Checks.notBlank(dropFolder, "dropFolder");
    List<FileDigest> files = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      ObjectRef object = objects.get(i);
      String at = "objects[" + i + "]";
      if (!object.key().startsWith(dropFolder) || object.key().equals(dropFolder)) {
        throw new IllegalArgumentException(
            at + ".key '" + object.key() + "' is not in the drop folder '" + dropFolder + "'");
      }
      String path = object.key().substring(dropFolder.length());
      String sha256 = Checks.required(object.sha256(), at + ".sha256");
      files.add(new FileDigest(path, object.size(), sha256));
    }
    return FolderDigest.of(files);
  }
}
