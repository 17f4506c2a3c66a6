package io.sluice.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * values.yaml is documented line by line: every setting has a comment right above it, unless a
 * {@code # --} comment above an enclosing object documents that object as a whole (the helm-docs
 * convention, e.g. a security context).
 */
class ValuesDocumentationTest {

  private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z][\\w.-]*):(.*)$");

  private record Parent(int indent, boolean documentsChildren) {}

  @Test
  void everySettingHasAComment() throws IOException {
    List<String> lines = Files.readAllLines(HelmChart.SOURCE.resolve("values.yaml"));

    assertThat(undocumented(lines)).isEmpty();
  }

  @Test
  void theCheckFindsAnUndocumentedSetting() {
    List<String> lines =
        List.of(
            "kafka:",
            "  # -- Bootstrap servers.",
            "  bootstrapServers: kafka:9092",
            "  extraConfig: {}",
            "# -- A whole object.",
            "podSecurityContext:",
            "  runAsNonRoot: true");

    assertThat(undocumented(lines)).containsExactly("4: extraConfig: {}");
  }

  private static List<String> undocumented(List<String> lines) {
    List<String> missing = new ArrayList<>();
    Deque<Parent> parents = new ArrayDeque<>();
    String comment = null; // first line of the comment block right above, if any
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String stripped = line.strip();
      Matcher key = KEY.matcher(line);
      if (stripped.startsWith("#")) {
        comment = comment == null ? stripped : comment;
        continue;
      }
      if (stripped.isEmpty() || !key.matches()) {
        comment = null;
        continue;
      }
      int indent = key.group(1).length();
      while (!parents.isEmpty() && parents.peek().indent() >= indent) {
        parents.pop();
      }
      boolean commented = comment != null;
      boolean coveredByParent = parents.stream().anyMatch(Parent::documentsChildren);
      boolean leaf = !key.group(3).isBlank();
      if (leaf && !commented && !coveredByParent) {
        missing.add((i + 1) + ": " + stripped);
      }
      if (!leaf) {
        parents.push(new Parent(indent, commented && comment.startsWith("# --")));
      }
      comment = null;
    }
    return missing;
  }
}
