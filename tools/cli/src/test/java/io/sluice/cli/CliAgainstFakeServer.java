package io.sluice.cli;

import io.sluice.cli.api.FakeOrchestrator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The CLI run in-process against a fresh fake server per test: a home folder of its own, one URL
 * variable pointing at the server, a token, and what the CLI printed. Register it with
 * {@code @RegisterExtension}.
 */
final class CliAgainstFakeServer implements BeforeEachCallback, AfterEachCallback {

  private final String urlVariable;
  private final Map<String, String> otherVariables;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private FakeOrchestrator server;
  private Path home;

  /**
   * @param urlVariable the variable that names the server, e.g. {@code SLUICE_REGISTRY_URL}
   * @param otherVariables more of the environment, e.g. other servers that must not be reached
   */
  CliAgainstFakeServer(String urlVariable, Map<String, String> otherVariables) {
    this.urlVariable = urlVariable;
    this.otherVariables = otherVariables;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    home = Files.createTempDirectory("sluice-cli-test");
    server = new FakeOrchestrator();
    out.reset();
    err.reset();
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    server.close();
    try (var files = Files.walk(home)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(CliAgainstFakeServer::delete);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code ./sluice args...}; returns its exit code. */
  int run(String... args) {
    Map<String, String> env = new HashMap<>(otherVariables);
    env.put("SLUICE_HOME", home.toString());
    env.put(urlVariable, server.url());
    env.put("SLUICE_TOKEN", "test-token");
    return new Main(
            Map.copyOf(env),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(List.of(args));
  }

  FakeOrchestrator server() {
    return server;
  }

  Path home() {
    return home;
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  void resetOut() {
    out.reset();
  }

  void resetErr() {
    err.reset();
  }
}
