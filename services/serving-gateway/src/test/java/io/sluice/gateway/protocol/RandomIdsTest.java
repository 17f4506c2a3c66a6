package io.sluice.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RandomIdsTest {

  @Test
  void idsAreVersionFourUuidsOfTheIetfVariant() {
    for (int i = 0; i < 1_000; i++) {
      UUID id = UUID.fromString(RandomIds.uuid());
      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
    }
  }

  @Test
  void idsDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertThat(seen.add(RandomIds.uuid())).isTrue();
    }
  }
}
