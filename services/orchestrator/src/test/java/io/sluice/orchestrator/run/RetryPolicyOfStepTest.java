package io.sluice.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.RetryPolicy;
import io.sluice.orchestrator.spec.PipelineSpec;
import io.sluice.orchestrator.spec.SpecParser;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retry policy a step request carries is the one its spec sets. */
class RetryPolicyOfStepTest {

  private static PipelineSpec spec(String retryLines) throws Exception {
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
                .formatted(retryLines.indent(4)));
  }

  @Test
  void aBackoffIsCarriedWithItsRealValues() throws Exception {
    RetryPolicy policy =
        StepRequests.retryPolicy(
            spec("retries: 4\nretryBackoff: {initial: 10s, factor: 3, max: 2m}")
                .step("train")
                .orElseThrow());
    assertThat(policy).isEqualTo(new RetryPolicy(5, 10, 3.0, 120));
    assertThat(policy.delayBefore(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.delayBefore(3)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.delayBefore(4)).isEqualTo(Duration.ofSeconds(90));
    assertThat(policy.delayBefore(5)).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void withoutABackoffRetriesHaveNoDelay() throws Exception {
    RetryPolicy policy = StepRequests.retryPolicy(spec("retries: 2").step("train").orElseThrow());
    assertThat(policy).isEqualTo(new RetryPolicy(3, 0, 1.0, 0));
    assertThat(policy.delayBefore(2)).isZero();
  }

  @Test
  void aStepWithoutRetriesHasOneAttempt() throws Exception {
    RetryPolicy policy = StepRequests.retryPolicy(spec("").step("train").orElseThrow());
    assertThat(policy.allowsAnotherAfter(1)).isFalse();
  }
}
