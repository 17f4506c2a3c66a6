package io.sluice.orchestrator.spec;

import static io.sluice.events.FailureReason.EXECUTOR_LOST;
import static io.sluice.events.FailureReason.INVALID_REQUEST;
import static io.sluice.events.FailureReason.NONZERO_EXIT;
import static io.sluice.events.FailureReason.OOM_KILLED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryOnTest {

  @ParameterizedTest
  @ValueSource(ints = {2, 64, 65, 70, 78, 126, 127})
  void byDefaultUsageAndDataErrorsAreNotRetried(int exitCode) {
    assertThat(RetryOn.DEFAULT.refuses(NONZERO_EXIT, exitCode))
        .hasValueSatisfying(why -> assertThat(why).contains("usage or data error"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 63, 79, 125, 128, 137, 255})
  void byDefaultOtherExitCodesAreRetried(int exitCode) {
    assertThat(RetryOn.DEFAULT.refuses(NONZERO_EXIT, exitCode)).isEmpty();
  }

  @Test
  void byDefaultAnInvalidRequestIsNotRetriedAndOtherReasonsAre() {
    assertThat(RetryOn.DEFAULT.refuses(INVALID_REQUEST, null)).isPresent();
    assertThat(RetryOn.DEFAULT.refuses(EXECUTOR_LOST, null)).isEmpty();
    assertThat(RetryOn.DEFAULT.refuses(NONZERO_EXIT, null)).isEmpty();
  }

  @Test
  void listedReasonsAndExitCodesReplaceTheDefaults() {
    RetryOn policy = new RetryOn(Set.of(NONZERO_EXIT, OOM_KILLED), Set.of(2, 137));
    assertThat(policy.refuses(NONZERO_EXIT, 2)).isEmpty();
    assertThat(policy.refuses(NONZERO_EXIT, 1))
        .hasValue("exit code 1 is not in the step's retryOn.exitCodes");
    assertThat(policy.refuses(EXECUTOR_LOST, null))
        .hasValue("EXECUTOR_LOST is not in the step's retryOn.reasons");
    assertThat(new RetryOn(null, Set.of(1)).refuses(EXECUTOR_LOST, null)).isEmpty();
  }
}
