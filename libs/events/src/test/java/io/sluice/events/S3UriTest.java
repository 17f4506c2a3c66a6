package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.Normalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3UriTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "wine/p q/data.csv",
        "wine/p%41/data.csv",
        "wine/100%/x.csv",
        "wine/a#b/x.csv",
        "wine/what?/x.csv",
        "wine/a+b/x.csv",
        "wine/a%2Bb/x.csv",
        "wine/Café/x.csv",
        "wine/日本/データ.csv",
        "wine/emoji-\uD83C\uDF77/x.csv",
        "wine/date=2026-11-22;v=1/x.csv",
        "wine/tilde~and@colon:/",
        "wine/%/",
        "wine/%%25/",
        ""
      })
  void everyKeySurvivesWritingAndReadingByteForByte(String key) {
    String uri = S3Uri.of("datasets", key);

    assertThat(S3Uri.parse(uri)).isEqualTo(new S3Uri("datasets", key));
  }

  @Test
  void nfcAndNfdSpellingsStayTwoDifferentKeys() {
    String nfc = Normalizer.normalize("wine/Café/", Normalizer.Form.NFC);
    String nfd = Normalizer.normalize("wine/Café/", Normalizer.Form.NFD);

    assertThat(S3Uri.of("d", nfc)).isEqualTo("s3://d/wine/Caf%C3%A9/");
    assertThat(S3Uri.of("d", nfd)).isEqualTo("s3://d/wine/Cafe%CC%81/");
    assertThat(S3Uri.parse(S3Uri.of("d", nfd)).key()).isEqualTo(nfd).isNotEqualTo(nfc);
  }

  @Test
  void encodesWhatAPathSegmentMayNotHold() {
    assertThat(S3Uri.of("d", "wine/p q/")).isEqualTo("s3://d/wine/p%20q/");
    assertThat(S3Uri.of("d", "wine/p%41/")).isEqualTo("s3://d/wine/p%2541/");
    assertThat(S3Uri.of("d", "wine/a#b?c/")).isEqualTo("s3://d/wine/a%23b%3Fc/");
    assertThat(S3Uri.of("d", "wine/a+b/")).isEqualTo("s3://d/wine/a+b/");
  }

  @Test
  void plainKeysGiveTheSameUriAsBeforeKeysWereEncoded() {
    for (String key :
        new String[] {
          "iris/2026-11-22/",
          "iris/2026-11-22/iris.csv",
          "runs/0190c0de-7a1b-7c3d-8e4f-0123456789ab/train/1/model/",
          "runs/r1/train/1/model/model.onnx",
          "_sluice/results/",
          "a/b_c.d~e/"
        }) {
      assertThat(S3Uri.of("artifacts", key)).isEqualTo("s3://artifacts/" + key);
    }
  }

  @Test
  void decodesExactlyOnce() {
    assertThat(S3Uri.parse("s3://d/wine/p%2541/").key()).isEqualTo("wine/p%41/");
    assertThat(S3Uri.parse("s3://d/wine/pA/").key()).isEqualTo("wine/pA/");
    assertThat(S3Uri.parse("s3://d/a+b").key()).isEqualTo("a+b");
  }

  @Test
  void readsUnencodedUrisOfOlderEventsLiterally() {
    assertThat(S3Uri.parse("s3://d/wine/p q/a#b?c/Café/").key()).isEqualTo("wine/p q/a#b?c/Café/");
  }

  @Test
  void readsABucketWithoutKeyAsTheWholeBucket() {
    assertThat(S3Uri.parse("s3://artifacts")).isEqualTo(new S3Uri("artifacts", ""));
    assertThat(S3Uri.parse("s3://artifacts/")).isEqualTo(new S3Uri("artifacts", ""));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:///etc/passwd",
        "https://example.com/x",
        "s3:///key",
        "s3://d/bad%4",
        "s3://d/bad%zz/",
        "s3://d/bad%",
        "s3://d/not-utf8-%FF/"
      })
  void refusesWhatIsNotAValidS3Uri(String uri) {
    assertThatThrownBy(() -> S3Uri.parse(uri)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void objectRefUriUsesTheSameEncoding() {
    ObjectRef ref = new ObjectRef("datasets", "wine/p%41/a b.csv", 1, null, null);

    assertThat(ref.uri()).isEqualTo("s3://datasets/wine/p%2541/a%20b.csv");
    assertThat(S3Uri.parse(ref.uri()).key()).isEqualTo(ref.key());
  }
}
