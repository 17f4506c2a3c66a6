package io.sluice.ingest.drop;

import io.sluice.events.ColumnSpec;
import io.sluice.events.ObjectRef;
import io.sluice.events.RejectionReason;
import java.util.List;

/** What inspecting a complete drop found: a valid dataset version, or why there is none. */
public sealed interface DropResult {

  /** The objects as listed (with sha256 where read). */
  List<ObjectRef> objects();

  /**
   * A valid drop.
   *
   * @param objects every data object with its sha256
   * @param rowCount data rows across all files
   * @param columns columns in file order
   */
  record Valid(List<ObjectRef> objects, long rowCount, List<ColumnSpec> columns)
      implements DropResult {}

  /**
   * A drop that can never become a version.
   *
   * @param reason the reason code
   * @param message what is wrong and where
   * @param objects the listed data objects
   */
  record Invalid(RejectionReason reason, String message, List<ObjectRef> objects)
      implements DropResult {}
}
