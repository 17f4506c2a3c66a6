package io.sluice.orchestrator.spec;

import static io.sluice.orchestrator.spec.TrainStepLines.assertRefused;
import static io.sluice.orchestrator.spec.TrainStepLines.trainWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.SecretRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code secretRefs} step key: what it reads, what it refuses, and version hashes. */
class SecretRefSpecTest {

  private final SpecParser parser = new SpecParser();

  private List<SecretRef> refsOf(String lines) throws SpecException {
    return parser.parse(trainWith(lines)).step("train").orElseThrow().secretRefs();
  }

  @Test
  void readsVariableAndFileReferencesInSpecOrder() throws Exception {
    List<SecretRef> refs =
        refsOf(
            "secretRefs:\n"
                + "  - {secret: db-creds, key: password, env: DB_PASSWORD}\n"
                + "  - {secret: registry.tls, key: ca.crt, file: ca.crt}");

    assertThat(refs)
        .containsExactly(
            new SecretRef("db-creds", "password", "DB_PASSWORD"),
            SecretRef.asFile("registry.tls", "ca.crt", "ca.crt"));
  }

  @Test
  void withoutTheKeyTheVersionHashIsUnchanged() throws Exception {
    PipelineSpec plain = parser.parse(SpecParserTest.MINIMAL);

    assertThat(plain.step("train").orElseThrow().secretRefs()).isEmpty();
    assertThat(CanonicalSpec.json(plain)).doesNotContain("secretRefs");
    // The version MINIMAL was registered with before secrets existed.
    assertThat(CanonicalSpec.version(plain))
        .isEqualTo("2085969e625daf4bdf651353d6cb3d280b4033d81c93ccdecf35b79ada6b71e2");
  }

  @Test
  void referencesArePartOfTheVersionButTheirOrderIsNot() throws Exception {
    String env = "  - {secret: db-creds, key: password, env: DB_PASSWORD}\n";
    String file = "  - {secret: tls, key: ca.crt, file: ca.crt}\n";
    PipelineSpec plain = parser.parse(SpecParserTest.MINIMAL);
    PipelineSpec one = parser.parse(trainWith("secretRefs:\n" + env + file));
    PipelineSpec other = parser.parse(trainWith("secretRefs:\n" + file + env));

    assertThat(CanonicalSpec.version(one))
        .isNotEqualTo(CanonicalSpec.version(plain))
        .isEqualTo(CanonicalSpec.version(other));
    assertThat(CanonicalSpec.json(one))
        .contains(
            "\"secretRefs\":[{\"file\":\"ca.crt\",\"key\":\"ca.crt\",\"secret\":\"tls\"},"
                + "{\"env\":\"DB_PASSWORD\",\"key\":\"password\",\"secret\":\"db-creds\"}]");
  }

  @Test
  void refusesNamesKubernetesWouldRefuse() {
    assertRefused("secretRefs:\n  - {secret: DB_Creds, key: pw, env: A}", 16, "Secret name");
    assertRefused("secretRefs:\n  - {secret: -db, key: pw, env: A}", 16, "Secret name");
    assertRefused("secretRefs:\n  - {secret: ../etc, key: pw, env: A}", 16, "Secret name");
    assertRefused("secretRefs:\n  - {secret: db, key: 'a/b', env: A}", 16, "Secret key");
    assertRefused("secretRefs:\n  - {secret: db, key: '..', env: A}", 16, "Secret key");
    assertRefused(
        "secretRefs:\n  - {secret: " + "a".repeat(254) + ", key: pw, env: A}", 16, "longer than");
  }

  @Test
  void refusesBadVariableNamesAndContractVariables() {
    assertRefused("secretRefs:\n  - {secret: db, key: pw, env: DB-PW}", 16, "environment name");
    assertRefused("secretRefs:\n  - {secret: db, key: pw, env: 1PW}", 16, "environment name");
    assertRefused("secretRefs:\n  - {secret: db, key: pw, env: SLUICE_SECRETS_DIR}", 16, "SLUICE_");
  }

  @Test
  void refusesAFileThatWouldLeaveTheSecretsFolder() {
    for (String bad : List.of("'../x'", "'a/b'", "/etc/passwd", "'..'", "'..data'", "'.'")) {
      assertRefused("secretRefs:\n  - {secret: db, key: pw, file: " + bad + "}", 16, "plain file");
    }
  }

  @Test
  void refusesTheSameVariableOrFileTwice() {
    assertRefused(
        "secretRefs:\n"
            + "  - {secret: db, key: pw, env: PW}\n"
            + "  - {secret: other, key: pw, env: PW}",
        17,
        "env 'PW' is set twice");
    assertRefused(
        "secretRefs:\n"
            + "  - {secret: db, key: pw, file: pw}\n"
            + "  - {secret: other, key: pw, file: pw}",
        17,
        "file 'pw' is set twice");
    assertRefused(
        "env: {PW: plain}\nsecretRefs:\n  - {secret: db, key: pw, env: PW}",
        17,
        "env 'PW' is set twice");
  }

  @Test
  void refusesAnEntryWithBothOrNeitherTargetAndUnknownKeys() {
    assertRefused(
        "secretRefs:\n  - {secret: db, key: pw, env: PW, file: pw}", 16, "exactly one of");
    assertRefused("secretRefs:\n  - {secret: db, key: pw}", 16, "exactly one of");
    assertRefused("secretRefs:\n  - {secret: db, key: pw, env: PW, value: hunter2}", 16, "value");
    assertRefused("secretRefs:\n  - {key: pw, env: PW}", 16, "needs 'secret'");
    assertRefused("secretRefs:\n  - {secret: db, env: PW}", 16, "needs 'key'");
    assertRefused("secretRefs: {secret: db}", 15, "must be a list");
    assertRefused("secretRefs:\n  - db-creds", 16, "must be a mapping");
  }

  @Test
  void refusesMoreThanItsLimit() {
    StringBuilder lines = new StringBuilder("secretRefs:\n");
    for (int i = 0; i <= SecretRefParser.MAX_REFS; i++) {
      lines.append("  - {secret: db, key: k").append(i).append(", env: V").append(i).append("}\n");
    }
    assertRefused(lines.toString(), 16, "at most " + SecretRefParser.MAX_REFS);
  }
}
