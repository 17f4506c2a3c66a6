package io.sluice.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepRequestsDigestTest {

  @Test
  void aPinnedImageGivesItsDigestAndATaggedOneNone() {
    String digest = "sha256:" + "ab".repeat(32);

    assertThat(StepRequests.digestOf("ghcr.io/acme/train@" + digest)).isEqualTo(digest);
    assertThat(StepRequests.digestOf("ghcr.io/acme/train:1.4@" + digest)).isEqualTo(digest);
    assertThat(StepRequests.digestOf("ghcr.io/acme/train:1.4")).isNull();
    assertThat(StepRequests.digestOf("ghcr.io/acme/train@sha256:short")).isNull();
    assertThat(StepRequests.digestOf("local")).isNull();
  }
}
