package io.sluice.testkit.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalS3MainTest {

  @Test
  void acceptsOnlyPutOrPutAndDeleteEvents() {
    assertThatThrownBy(
            () ->
                LocalS3Main.configure(
                    Flags.parse(
                        new String[] {"--data-dir", "x", "--events", "delete"},
                        Set.of("data-dir", "events"))))
        .hasMessageContaining("--events");
  }
}
