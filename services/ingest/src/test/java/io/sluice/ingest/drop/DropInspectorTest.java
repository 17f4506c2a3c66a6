package io.sluice.ingest.drop;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.DataArrived;
import io.sluice.events.ObjectRef;
import io.sluice.events.RejectionReason;
import io.sluice.ingest.dataset.DatasetDefinition;
import io.sluice.ingest.dataset.DatasetDefinition.CompletionRule;
import io.sluice.ingest.dataset.DatasetDefinition.Limits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DropInspectorTest {

  private static final String IRIS = "sepal_length,species\n5.1,setosa\n4.9,setosa\n";

  private static DatasetDefinition dataset(Limits limits) {
    return new DatasetDefinition("iris", "datasets", "iris/", CompletionRule.DEFAULT, null, limits);
  }

  private static DropResult inspect(InMemoryStore store, Limits limits) {
    return new DropInspector(store).inspect(dataset(limits), "iris/d1/");
  }

  private static RejectionReason reason(DropResult result) {
    assertThat(result).isInstanceOf(DropResult.Invalid.class);
    return ((DropResult.Invalid) result).reason();
  }

  @Test
  void validDropHashesEveryDataObjectAndSkipsMarkers() throws Exception {
    InMemoryStore store =
        new InMemoryStore().put("iris/d1/iris.csv", IRIS).put("iris/d1/_SUCCESS", "");
    DropResult result = inspect(store, Limits.DEFAULT);
    assertThat(result).isInstanceOf(DropResult.Valid.class);
    DropResult.Valid valid = (DropResult.Valid) result;
    assertThat(valid.rowCount()).isEqualTo(2);
    assertThat(valid.objects()).extracting(ObjectRef::key).containsExactly("iris/d1/iris.csv");
    assertThat(valid.objects().get(0).sha256()).isEqualTo(sha256(IRIS));
    assertThat(valid.objects().get(0).eTag()).isNotBlank();
  }

  @Test
  void sameContentInAnotherFolderIsTheSameVersion() {
    InMemoryStore store =
        new InMemoryStore().put("iris/d1/iris.csv", IRIS).put("iris/d2/iris.csv", IRIS);
    DropInspector inspector = new DropInspector(store);
    var first = (DropResult.Valid) inspector.inspect(dataset(Limits.DEFAULT), "iris/d1/");
    var second = (DropResult.Valid) inspector.inspect(dataset(Limits.DEFAULT), "iris/d2/");
    assertThat(DataArrived.versionOf("iris/d1/", first.objects()))
        .isEqualTo(DataArrived.versionOf("iris/d2/", second.objects()));
  }

  @Test
  void rejectsADropHoldingAnObjectThatCouldNotBeStagedAsAFile() {
    for (String bad : new String[] {"iris/d1/../x.csv", "iris/d1/a//b.csv", "iris/d1/_tmp/a\nb"}) {
      InMemoryStore store =
          new InMemoryStore()
              .put("iris/d1/iris.csv", IRIS)
              .put(bad, "x")
              .put("iris/d1/_SUCCESS", "");

      DropResult result = inspect(store, Limits.DEFAULT);

      assertThat(reason(result)).as(bad).isEqualTo(RejectionReason.UNREADABLE);
      assertThat(((DropResult.Invalid) result).message())
          .contains("cannot be staged as a file")
          .doesNotContain("\n");
    }
  }

  @Test
  void acceptsKeysThatOnlyAUriMustEncode() {
    InMemoryStore store =
        new InMemoryStore().put("iris/d1/p q%41#?+é.csv", IRIS).put("iris/d1/_SUCCESS", "");

    assertThat(inspect(store, Limits.DEFAULT)).isInstanceOf(DropResult.Valid.class);
  }

  @Test
  void rejectsDropWithOnlyAMarker() {
    assertThat(reason(inspect(new InMemoryStore().put("iris/d1/_SUCCESS", ""), Limits.DEFAULT)))
        .isEqualTo(RejectionReason.EMPTY_DROP);
  }

  @Test
  void rejectsMoreObjectsThanTheLimit() {
    InMemoryStore store = new InMemoryStore().put("iris/d1/a.csv", IRIS).put("iris/d1/b.csv", IRIS);
    assertThat(reason(inspect(store, new Limits(1, 1000, 1000, 1000))))
        .isEqualTo(RejectionReason.TOO_MANY_OBJECTS);
  }

  @Test
  void rejectsObjectOrDropLargerThanTheLimits() {
    InMemoryStore store = new InMemoryStore().put("iris/d1/a.csv", IRIS).put("iris/d1/b.csv", IRIS);
    assertThat(reason(inspect(store, new Limits(10, 10, 1000, 1000))))
        .isEqualTo(RejectionReason.TOO_LARGE);
    assertThat(reason(inspect(store, new Limits(10, 1000, IRIS.length() + 1, 1000))))
        .isEqualTo(RejectionReason.TOO_LARGE);
  }

  @Test
  void rejectsNonCsvObject() {
    InMemoryStore store = new InMemoryStore().put("iris/d1/iris.parquet", "PAR1");
    DropResult.Invalid invalid = (DropResult.Invalid) inspect(store, Limits.DEFAULT);
    assertThat(invalid.reason()).isEqualTo(RejectionReason.NOT_CSV);
    assertThat(invalid.message()).contains("iris/d1/iris.parquet");
  }

  @Test
  void rejectsInvalidUtf8() {
    byte[] latin1 = "name\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(reason(inspect(new InMemoryStore().put("iris/d1/a.csv", latin1), Limits.DEFAULT)))
        .isEqualTo(RejectionReason.NOT_UTF8);
  }

  @Test
  void rejectsHeaderWithoutRows() {
    assertThat(reason(inspect(new InMemoryStore().put("iris/d1/a.csv", "a,b\n"), Limits.DEFAULT)))
        .isEqualTo(RejectionReason.NO_ROWS);
  }

  @Test
  void rejectsObjectThatVanishedAfterListing() {
    InMemoryStore store =
        new InMemoryStore().put("iris/d1/a.csv", IRIS).vanishOnRead("iris/d1/a.csv");
    assertThat(reason(inspect(store, Limits.DEFAULT))).isEqualTo(RejectionReason.UNREADABLE);
  }

  @Test
  void rejectionListsTheObjectsWithoutHashes() {
    InMemoryStore store = new InMemoryStore().put("iris/d1/a.csv", "a,b\n1\n");
    DropResult.Invalid invalid = (DropResult.Invalid) inspect(store, Limits.DEFAULT);
    assertThat(invalid.message()).isEqualTo("iris/d1/a.csv line 2: expected 2 columns, found 1");
    assertThat(invalid.objects()).singleElement().satisfies(o -> assertThat(o.sha256()).isNull());
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
