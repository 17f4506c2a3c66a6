package io.sluice.bench.orchestrator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real orchestrator, started from its built Quarkus fast-jar as a child process with the heap
 * local mode gives it, its output in a log file, and stopped on {@link #close()}.
 */
final class OrchestratorProcess implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration POLL = Duration.ofMillis(250);

  private final Process process;
  private final URI baseUri;
  private final Path log;

  private OrchestratorProcess(Process process, URI baseUri, Path log) {
    this.process = process;
    this.baseUri = baseUri;
    this.log = log;
  }

  /**
   * Starts {@code jar} with {@code env} (which must hold {@code QUARKUS_HTTP_PORT}) and waits until
   * {@code /q/health/ready} answers 200.
   */
  static OrchestratorProcess start(
      Path jar, Map<String, String> env, List<String> jvmArgs, Path log)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it first with ./mvnw -B -q install -DskipTests");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    URI base = URI.create("http://localhost:" + env.get("QUARKUS_HTTP_PORT"));
    OrchestratorProcess orchestrator = new OrchestratorProcess(process, base, log);
    orchestrator.awaitReady();
    return orchestrator;
  }

  URI baseUri() {
    return baseUri;
  }

  private void awaitReady() throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready = HttpRequest.newBuilder(baseUri.resolve("/q/health/ready")).build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the orchestrator exited; see " + log);
      }
      if (isReady(http, ready)) {
        return;
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IllegalStateException("the orchestrator was not ready in time; see " + log);
  }

  private static boolean isReady(HttpClient http, HttpRequest ready) throws InterruptedException {
    try {
      return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
