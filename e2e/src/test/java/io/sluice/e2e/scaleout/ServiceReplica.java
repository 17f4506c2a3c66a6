package io.sluice.e2e.scaleout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One replica of a service as a process of its own, started from the service's Quarkus fast-jar
 * with its settings in the environment, as a container would be.
 */
final class ServiceReplica implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final int port;
  private final Process process;
  private final Path log;

  private ServiceReplica(String name, int port, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code services/<service>/target/quarkus-app/quarkus-run.jar}.
   *
   * @param name the replica's name, also its eventing instance id, e.g. {@code orchestrator-a}
   */
  static ServiceReplica start(
      Path repo, String service, String name, int port, Map<String, String> env, Path logDir) {
    Path jar = repo.resolve("services/" + service + "/target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is not built: run ./mvnw install first");
    }
    Path log = logDir.resolve(name + ".log");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-jar",
            jar.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(logDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(key -> key.startsWith("SLUICE_") || key.startsWith("KAFKA_"));
    builder.environment().putAll(env);
    builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
    builder.environment().put("SLUICE_EVENTING_INSTANCE_ID", name);
    try {
      return new ServiceReplica(name, port, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  String name() {
    return name;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The readiness report, or null while the replica does not answer. */
  JsonNode readiness() {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url("/q/health/ready")))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  boolean isReady() {
    JsonNode readiness = readiness();
    return readiness != null && "UP".equals(readiness.path("status").asText());
  }

  String url(String path) {
    return "http://localhost:" + port + path;
  }

  /** What the replica logged so far. */
  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * SIGKILL for the replica and every process it started, as when a node or a container dies: no
   * shutdown hook runs, nothing is released in order.
   */
  void kill() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    waitForExit(Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    if (!waitForExit(Duration.ofSeconds(30))) {
      process.destroyForcibly();
      waitForExit(Duration.ofSeconds(10));
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private boolean waitForExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", port " + port + ")";
  }
}
