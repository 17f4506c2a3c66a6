package io.sluice.bench.serving;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The second floor of the serving benchmark, beside {@link BareOnnxServer}: the fastest bare server
 * we can write over the same {@code model.onnx}. Raw Vert.x (the version Quarkus runs the gateway
 * on), one event loop per core, each with its own {@link InferVerticle} listening on the same port,
 * no framework, no routing table, Jackson's streaming parser and generator, scoring inline on the
 * event loop as the gateway does. It answers {@code POST /v2/models/<name>/infer} with the
 * gateway's response shape.
 *
 * <p>Run: {@code java -cp "bench/target/sluice-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*"
 * io.sluice.bench.serving.VertxOnnxServer <model.onnx> <port> [class,names]}; port 0 takes any free
 * one.
 */
public final class VertxOnnxServer {

  private static final long START_TIMEOUT_SECONDS = 30;

  private VertxOnnxServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: VertxOnnxServer <model.onnx> <port> [class,names]");
      System.exit(2);
    }
    Path model = Path.of(args[0]);
    if (!Files.isRegularFile(model)) {
      System.err.println("no model file at " + model);
      System.exit(2);
    }
    int port = Integer.parseInt(args[1]);
    List<String> classNames = args.length == 3 ? Arrays.asList(args[2].split(",")) : List.of();

    // One ONNX Runtime session shared by all event loops, as the gateway shares one per version.
    OnnxScorer scorer = OnnxScorer.open(model);
    int loops = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    // One verticle per event loop on the same port: Vert.x binds it once and hands the accepted
    // connections round-robin to their event loops. Port 0 would give each its own random port,
    // so a free one is picked first.
    int actualPort = deploy(vertx, scorer, classNames, port == 0 ? freePort() : port, loops);
    // run.sh reads the port from this line when it asked for any free one (port 0).
    System.out.printf("vertx server: %s on port %d, %d event loops%n", model, actualPort, loops);
  }

  // Another process may take it before the deployment binds it; then the start fails loudly.
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static int deploy(
      Vertx vertx, OnnxScorer scorer, List<String> classNames, int port, int instances)
      throws Exception {
    InferVerticle.Ports ports = new InferVerticle.Ports();
    vertx
        .deployVerticle(
            () -> new InferVerticle(scorer, classNames, port, ports),
            new DeploymentOptions().setInstances(instances))
        .toCompletionStage()
        .toCompletableFuture()
        .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return ports.bound();
  }
}
