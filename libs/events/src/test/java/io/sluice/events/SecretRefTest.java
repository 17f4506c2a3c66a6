package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretRefTest {

  @Test
  void variableReferenceIsWrittenExactlyAsBeforeFilesExisted() throws Exception {
    String json = Json.mapper().writeValueAsString(new SecretRef("db-creds", "password", "DB_PW"));

    assertThat(json)
        .isEqualTo("{\"secretName\":\"db-creds\",\"key\":\"password\",\"envVar\":\"DB_PW\"}");
  }

  @Test
  void requestWrittenBeforeFilesExistedStillReads() throws Exception {
    JsonNode old = Json.mapper().valueToTree(Samples.stepRequested());
    ((com.fasterxml.jackson.databind.node.ArrayNode) old.get("secretRefs"))
        .removeAll()
        .addObject()
        .put("secretName", "hf-token")
        .put("key", "token")
        .put("envVar", "HF_TOKEN");

    StepRequested read = Json.mapper().treeToValue(old, StepRequested.class);

    assertThat(read.secretRefs()).containsExactly(new SecretRef("hf-token", "token", "HF_TOKEN"));
    assertThat(DataSchemas.violations(EventType.STEP_REQUESTED, old)).isEmpty();
  }

  @Test
  void fileReferenceRoundTripsWithoutAnEnvVar() throws Exception {
    SecretRef ref = SecretRef.asFile("tls", "ca.crt", "ca.crt");

    JsonNode json = Json.mapper().valueToTree(ref);

    assertThat(json.has("envVar")).isFalse();
    assertThat(json.get("file").asText()).isEqualTo("ca.crt");
    assertThat(Json.mapper().treeToValue(json, SecretRef.class)).isEqualTo(ref);
  }

  @Test
  void refusesAReferenceWithBothOrNeitherTarget() {
    assertThatThrownBy(() -> new SecretRef("tls", "ca.crt", "CA", "ca.crt"))
        .hasMessageContaining("exactly one of envVar and file");
    assertThatThrownBy(() -> new SecretRef("tls", "ca.crt", null, null))
        .hasMessageContaining("exactly one of envVar and file");
  }

  @Test
  void refusesAFileNameThatLeavesTheSecretsFolder() {
    for (String bad :
        List.of("..", ".", "...", "..data", "../x", "a/b", "/etc/shadow", "a\\b", "", "a b")) {
      assertThatThrownBy(() -> SecretRef.asFile("tls", "ca.crt", bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(SecretRef.asFile("tls", "ca.crt", ".netrc").file()).isEqualTo(".netrc");
  }

  @Test
  void stepRequestRefusesTwoSecretsInTheSameFile() {
    StepRequested valid = Samples.stepRequested();
    List<SecretRef> twice =
        List.of(SecretRef.asFile("a", "k", "same"), SecretRef.asFile("b", "k", "same"));

    assertThatThrownBy(
            () ->
                new StepRequested(
                    valid.runId(),
                    valid.stepName(),
                    valid.attempt(),
                    valid.shardIndex(),
                    valid.image(),
                    valid.imageDigest(),
                    valid.argv(),
                    valid.env(),
                    valid.inputs(),
                    valid.outputs(),
                    valid.resources(),
                    valid.deadline(),
                    valid.timeoutSeconds(),
                    valid.retryPolicy(),
                    valid.cacheKey(),
                    twice))
        .hasMessage("secretRefs file has 'same' twice");
  }
}
