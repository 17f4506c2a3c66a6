package io.sluice.launcher.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.FileDigest;
import io.sluice.events.FolderDigest;
import io.sluice.events.S3Uri;
import io.sluice.events.StepInput;
import io.sluice.launcher.storage.FolderFiles;
import io.sluice.launcher.storage.ObjectStore;
import io.sluice.storage.StorageClient;
import io.sluice.storage.StorageSettings;
import io.sluice.testkit.EmbeddedS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Staging against a real S3 store: an input folder whose name or files hold characters a URI must
 * encode is downloaded object for object, and nothing else.
 */
class StagingIT {

  private static final String BUCKET = "datasets";
  private static final String NFC = Normalizer.normalize("é", Normalizer.Form.NFC);
  private static final String NFD = Normalizer.normalize("é", Normalizer.Form.NFD);

  private static EmbeddedS3 s3;
  private static StorageClient storage;

  @BeforeAll
  static void startStore() {
    s3 = EmbeddedS3.start();
    s3.createBucket(BUCKET);
    storage =
        StorageClient.create(
            StorageSettings.of(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey()));
  }

  @AfterAll
  static void stopStore() {
    storage.close();
    s3.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "wine/p q/",
        "wine/p%41/",
        "wine/100%/",
        "wine/a#b/",
        "wine/what?/",
        "wine/a+b/",
        "wine/Caf\u00e9-\u65e5\u672c/"
      })
  void stagesExactlyTheObjectsOfAFolderWhoseNameMustBeEncoded(String folder, @TempDir Path work)
      throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("data.csv", "a\n1\n");
    files.put("sub dir/x%41+y#z?.csv", "a\n2\n");
    files.put("caf" + NFC + ".csv", "a\n3\n");
    files.put("caf" + NFD + ".csv", "a\n4\n");
    files.forEach((path, content) -> put(folder + path, content));
    // A neighbour a mis-decoded URI would read instead ("p%41" read as "pA").
    put("wine/pA/neighbour.csv", "a\n9\n");
    put(folder.substring(0, folder.length() - 1) + "-other/decoy.csv", "a\n9\n");

    Path target = work.resolve("in");
    new Staging(new ObjectStore(storage), StagingRetry.untilKilled())
        .stageInput(new StepInput("data", S3Uri.of(BUCKET, folder), digestOf(files)), target);

    assertThat(relativePaths(target)).containsExactlyInAnyOrderElementsOf(files.keySet());
    assertThat(Files.readString(target.resolve("caf" + NFD + ".csv"))).isEqualTo("a\n4\n");
  }

  @Test
  void stagesAnInputWrittenByTheOrchestratorBeforeKeysWereEncoded(@TempDir Path work)
      throws Exception {
    put("iris/2026-11-22/iris.csv", "a\n1\n");

    Path target = work.resolve("in");
    new Staging(new ObjectStore(storage), StagingRetry.untilKilled())
        .stageInput(
            new StepInput(
                "data",
                "s3://" + BUCKET + "/iris/2026-11-22/",
                digestOf(Map.of("iris.csv", "a\n1\n"))),
            target);

    assertThat(relativePaths(target)).containsExactly("iris.csv");
  }

  private static void put(String key, String content) {
    storage.put(BUCKET, key, content.getBytes(StandardCharsets.UTF_8));
  }

  private static String digestOf(Map<String, String> files) throws Exception {
    List<FileDigest> digests = new ArrayList<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      byte[] bytes = file.getValue().getBytes(StandardCharsets.UTF_8);
      Path temp = Files.createTempFile("digest", ".csv");
      Files.write(temp, bytes);
      digests.add(new FileDigest(file.getKey(), bytes.length, FolderFiles.sha256(temp)));
      Files.delete(temp);
    }
    return FolderDigest.of(digests);
  }

  private static List<String> relativePaths(Path folder) throws Exception {
    return FolderFiles.of(folder).stream().map(FileDigest::path).toList();
  }
}
