package io.sluice.ingest.api;

import io.sluice.events.ColumnSpec;
import io.sluice.events.Completion;
import io.sluice.events.ObjectRef;
import io.sluice.ingest.drop.VersionStore.DropRecord;
import io.sluice.ingest.drop.VersionStore.StoredVersion;
import java.time.Instant;
import java.util.List;

/**
 * A dataset version as the REST API shows it, with every drop that yielded it: the first is the
 * drop that created it, later ones are duplicates (the same content dropped again).
 */
public record VersionView(
    String versionId,
    String dropFolder,
    Completion completion,
    long rowCount,
    List<ColumnSpec> columns,
    String labelColumn,
    List<ObjectRef> objects,
    Instant createdAt,
    List<DropView> drops) {

  /**
   * One drop that yielded this version.
   *
   * @param duplicate true when the version already existed and no data.arrived was sent
   */
  public record DropView(String dropFolder, boolean duplicate, Instant completedAt) {}

  static VersionView of(StoredVersion stored, List<DropRecord> allDrops) {
    var v = stored.version();
    List<DropView> drops =
        allDrops.stream()
            .filter(d -> v.versionId().equals(d.versionId()))
            .map(
                d ->
                    new DropView(
                        d.dropFolder(),
                        d.outcome() == io.sluice.ingest.drop.VersionStore.Outcome.DUPLICATE,
                        d.completedAt()))
            .toList();
    return new VersionView(
        v.versionId(),
        v.dropFolder(),
        v.completion(),
        v.rowCount(),
        v.columns(),
        v.labelColumn(),
        v.objects(),
        stored.createdAt(),
        drops);
  }
}
