package io.sluice.bench.serving;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The bare baseline of the serving benchmark: the JDK's HTTP server and one ONNX Runtime session
 * over a {@code model.onnx}, answering {@code POST /v2/models/<name>/infer} with the gateway's
 * response shape. {@code bench/serving/run.sh --compare} starts it over the very file the gateway
 * serves and measures both with the same wrk settings.
 *
 * <p>Run: {@code java -cp "bench/target/sluice-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*"
 * io.sluice.bench.serving.BareOnnxServer <model.onnx> <port> [class,names]}; port 0 takes any free
 * one. The class names (the order of the probability columns) are echoed as the gateway does; the
 * model file does not hold them.
 */
public final class BareOnnxServer {

  private BareOnnxServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: BareOnnxServer <model.onnx> <port> [class,names]");
      System.exit(2);
    }
    Path model = Path.of(args[0]);
    if (!Files.isRegularFile(model)) {
      System.err.println("no model file at " + model);
      System.exit(2);
    }
    int port = Integer.parseInt(args[1]);
    List<String> classNames = args.length == 3 ? Arrays.asList(args[2].split(",")) : List.of();
    // Without TCP_NODELAY the JDK server's small responses wait on delayed ACKs (~40 ms each).
    // It is read once, when the server's class loads, so it must be set before.
    System.setProperty("sun.net.httpserver.nodelay", "true");

    OnnxScorer scorer = OnnxScorer.open(model);
    int threads = Runtime.getRuntime().availableProcessors();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
    server.createContext("/v2/models/", new InferHandler(scorer, classNames));
    server.setExecutor(Executors.newFixedThreadPool(threads));
    server.start();
    // run.sh reads the port from this line when it asked for any free one (port 0).
    System.out.printf(
        "bare server: %s on port %d, %d threads%n", model, server.getAddress().getPort(), threads);
  }
}
