package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidV7Test {

  @Test
  void hasVersion7AndTheRfcVariant() {
    UUID id = UuidV7.next();

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
  }

  @Test
  void carriesTheCreationTimeInItsFirst48Bits() {
    long before = System.currentTimeMillis();
    UUID id = UuidV7.next();

    assertThat(id.getMostSignificantBits() >>> 16).isGreaterThanOrEqualTo(before);
  }

  @Test
  void idsMadeInARowAreStrictlyIncreasingAsUuidsAndAsStrings() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      ids.add(UuidV7.next());
    }

    assertThat(ids).isSortedAccordingTo(UUID::compareTo).doesNotHaveDuplicates();
    assertThat(ids.stream().map(UUID::toString).toList()).isSorted();
  }

  @Test
  void stringFormIsACanonicalUuid() {
    assertThat(UuidV7.nextString())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }
}
