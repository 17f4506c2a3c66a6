package io.sluice.launcher.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.Resources;
import io.sluice.events.RetryPolicy;
import io.sluice.events.StepRequested;
import io.sluice.launcher.local.LocalCommands;
import io.sluice.security.ImageAllowList;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepAdmissionTest {

  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  private static final ImageAllowList PROJECT_IMAGES =
      ImageAllowList.of(List.of("ghcr.io/sluice/*"), false);
  private static final LocalCommands DEFAULT_COMMANDS =
      LocalCommands.of(List.of("java", "python3", "/usr/bin/python3"));

  private final StepAdmission local = new StepAdmission(PROJECT_IMAGES, DEFAULT_COMMANDS);
  private final StepAdmission kubernetes = new StepAdmission(PROJECT_IMAGES, (LocalCommands) null);

  private static StepRequested request(String image, String digest, String... argv) {
    return new StepRequested(
        "run-1",
        "train",
        1,
        0,
        image,
        digest,
        List.of(argv),
        Map.of(),
        List.of(),
        List.of(),
        new Resources("1", "1Gi", 0, null),
        Instant.now().plusSeconds(600),
        60,
        new RetryPolicy(1, 1, 2.0, 10),
        "f".repeat(64),
        List.of());
  }

  @Test
  void admitsAProjectImageWithAnAllowedCommand() {
    assertThat(local.refusal(request("ghcr.io/sluice/steps:0.1.0", null, "java", "-jar", "x")))
        .isEmpty();
  }

  @Test
  void refusesAnImageOutsideTheListNamingItAndTheSetting() {
    assertThat(local.refusal(request("registry.evil.example/miner:1", null, "java")))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains("image 'registry.evil.example/miner:1' is not allowed")
                    .contains("not on the allow-list [ghcr.io/sluice/*]")
                    .contains("sluice.images.allowed"));
  }

  @Test
  void refusesAShellInLocalModeButNotInAJob() {
    StepRequested shell = request("ghcr.io/sluice/steps:0.1.0", null, "sh", "-c", "id");

    assertThat(local.refusal(shell))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains("local command 'sh' is not allowed")
                    .contains("sluice.launcher.local.allowed-commands"));
    assertThat(kubernetes.refusal(shell)).isEmpty();
  }

  @Test
  void checksTheImageWithTheDigestAJobWouldPull() {
    assertThat(kubernetes.refusal(request("ghcr.io/sluice/steps:0.1.0", DIGEST, "x"))).isEmpty();
    // A forged digest would be appended to the image: it is read, and refused, as part of it.
    assertThat(kubernetes.refusal(request("ghcr.io/sluice/steps:0.1.0", "sha256:../x", "x")))
        .hasValueSatisfying(reason -> assertThat(reason).contains("not a valid image reference"));
  }

  @Test
  void digestsOnlyRefusesATaggedImageAndAdmitsOneWithItsDigest() {
    StepAdmission pinned =
        new StepAdmission(
            ImageAllowList.of(List.of("ghcr.io/sluice/*"), true), (LocalCommands) null);

    assertThat(pinned.refusal(request("ghcr.io/sluice/steps:0.1.0", null, "x")))
        .hasValueSatisfying(reason -> assertThat(reason).contains("pinned by digest"));
    assertThat(pinned.refusal(request("ghcr.io/sluice/steps:0.1.0", DIGEST, "x"))).isEmpty();
  }
}
