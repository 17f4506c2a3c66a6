package io.sluice.orchestrator;

import io.sluice.events.ColumnSpec;
import io.sluice.events.ColumnType;
import io.sluice.events.Completion;
import io.sluice.events.DataArrived;
import io.sluice.events.ObjectRef;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/** Dataset versions as ingest would announce them, and unique ids, for the orchestrator's tests. */
final class IrisDrops {

  private static final SecureRandom RANDOM = new SecureRandom();

  private IrisDrops() {}

  /** A new, unique Iris-like dataset version of {@code dataset}. */
  static DataArrived dataArrived(String dataset) {
    String drop = dataset + "/2026-11-22/";
    List<ObjectRef> objects =
        List.of(new ObjectRef("datasets", drop + "iris.csv", 3_000, "etag-1", randomSha256()));
    List<ColumnSpec> columns =
        List.of(
            new ColumnSpec("sepal_length", ColumnType.NUMBER),
            new ColumnSpec("sepal_width", ColumnType.NUMBER),
            new ColumnSpec("petal_length", ColumnType.NUMBER),
            new ColumnSpec("petal_width", ColumnType.NUMBER),
            new ColumnSpec("species", ColumnType.STRING));
    return new DataArrived(
        dataset,
        DataArrived.versionOf(drop, objects),
        "datasets",
        dataset + "/",
        drop,
        Completion.SUCCESS_MARKER,
        objects,
        150,
        columns,
        "species");
  }

  /** A random sha256-shaped hex string, also a handy unique id. */
  static String randomSha256() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
