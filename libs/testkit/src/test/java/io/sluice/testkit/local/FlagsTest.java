package io.sluice.testkit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlagsTest {

  private static final Set<String> KNOWN = Set.of("port", "data-dir", "kafka");

  @Test
  void readsSpaceAndEqualsSeparatedValues() {
    Flags flags = Flags.parse(new String[] {"--port", "9000", "--data-dir=/tmp/s3"}, KNOWN);

    assertThat(flags.port("port", 1)).isEqualTo(9000);
    assertThat(flags.requiredPath("data-dir")).isEqualTo(Path.of("/tmp/s3"));
    assertThat(flags.optional("kafka")).isNull();
    assertThat(flags.get("kafka", "localhost:9092")).isEqualTo("localhost:9092");
  }

  @Test
  void rejectsUnknownFlagsMissingValuesAndBadPorts() {
    assertThatThrownBy(() -> Flags.parse(new String[] {"--prot", "1"}, KNOWN))
        .hasMessageContaining("--prot");
    assertThatThrownBy(() -> Flags.parse(new String[] {"--port"}, KNOWN))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> Flags.parse(new String[] {"--port", "x"}, KNOWN).port("port", 1))
        .hasMessageContaining("port number");
    assertThatThrownBy(() -> Flags.parse(new String[] {}, KNOWN).requiredPath("data-dir"))
        .hasMessageContaining("required");
  }
}
