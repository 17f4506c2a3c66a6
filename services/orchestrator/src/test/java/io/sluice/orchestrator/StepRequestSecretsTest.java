package io.sluice.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.DataArrived;
import io.sluice.events.SecretRef;
import io.sluice.events.StepRequested;
import io.sluice.orchestrator.run.StepRequests;
import io.sluice.orchestrator.spec.SpecParser;
import io.sluice.orchestrator.spec.StepSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A step's secret references travel into its {@code step.requested}, names only. */
class StepRequestSecretsTest {

  private static final DataArrived DATA = IrisDrops.dataArrived("iris");
  private final StepRequests requests = new StepRequests("artifacts", Duration.ofMinutes(1));

  private static StepSpec train(String secretLines) throws Exception {
    return new SpecParser()
        .parse(
            """
            name: demo
            trigger: {dataset: iris}
            steps:
              - name: train
                image: img:1
                command: [train, "{{inputs.data}}"]
                inputs: {data: dataset}
            %s
            """
                .formatted(secretLines.indent(4)))
        .step("train")
        .orElseThrow();
  }

  private StepRequested request(StepSpec step) {
    return requests.request("run-1", step, 1, Map.of(), DATA, Map.of(), Instant.EPOCH);
  }

  @Test
  void theRequestCarriesTheStepsReferencesInSpecOrder() throws Exception {
    StepRequested request =
        request(
            train(
                "secretRefs:\n"
                    + "  - {secret: db-creds, key: password, env: DB_PASSWORD}\n"
                    + "  - {secret: tls, key: ca.crt, file: ca.crt}"));

    assertThat(request.secretRefs())
        .containsExactly(
            new SecretRef("db-creds", "password", "DB_PASSWORD"),
            SecretRef.asFile("tls", "ca.crt", "ca.crt"));
    assertThat(request.env()).isEmpty();
  }

  @Test
  void referencesChangeTheCacheKeyAndNoReferencesKeepIt() throws Exception {
    StepRequested plain = request(train(""));
    StepRequested withSecret =
        request(train("secretRefs:\n  - {secret: db-creds, key: password, env: DB_PASSWORD}"));
    StepRequested otherSecret =
        request(train("secretRefs:\n  - {secret: db-other, key: password, env: DB_PASSWORD}"));

    assertThat(plain.secretRefs()).isEmpty();
    assertThat(plain.cacheKey())
        .isEqualTo(StepRequests.cacheKey(plain.image(), plain.argv(), plain.env(), plain.inputs()));
    assertThat(withSecret.cacheKey())
        .isNotEqualTo(plain.cacheKey())
        .isNotEqualTo(otherSecret.cacheKey());
  }
}
