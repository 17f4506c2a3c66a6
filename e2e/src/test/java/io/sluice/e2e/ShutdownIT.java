package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.e2e.platform.Platform;
import io.sluice.e2e.platform.Platform.StopReport;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Runs last: {@code sluice down --purge} stops every process the platform started and its data. */
@Order(Integer.MAX_VALUE)
class ShutdownIT {

  @Test
  void downPurgeLeavesNoProcessAndNoDataBehind() {
    Optional<StopReport> stop = Platform.stop();
    assumeTrue(stop.isPresent(), "no platform was started in this run");
    StopReport report = stop.get();

    assertThat(report.exitCode()).as(report.describe()).isZero();
    assertThat(report.leftovers()).as(report.describe()).isEmpty();
    assertThat(report.home().resolve("data")).doesNotExist();
  }
}
