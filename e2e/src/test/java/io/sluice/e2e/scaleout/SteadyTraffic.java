package io.sluice.e2e.scaleout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client calling one gateway replica without pause, each request with a fresh routing key, on a
 * thread of its own: what it was answered, by which version, and every failure.
 */
final class SteadyTraffic implements AutoCloseable {

  /** Between two requests: enough for both replicas' windows, gentle on a 2-core machine. */
  private static final Duration GAP = Duration.ofMillis(20);

  private static final int KEPT_FAILURES = 20;

  private final GatewayClient gateway;
  private final String model;
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Map<String, AtomicLong> byVersion = new ConcurrentHashMap<>();
  private final List<GatewayClient.Answer> failures = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  private SteadyTraffic(GatewayClient gateway, String model) {
    this.gateway = gateway;
    this.model = model;
    this.thread = new Thread(this::run, "traffic-" + gateway.name());
    this.thread.setDaemon(true);
  }

  static SteadyTraffic start(GatewayClient gateway, String model) {
    SteadyTraffic traffic = new SteadyTraffic(gateway, model);
    traffic.thread.start();
    return traffic;
  }

  private void run() {
    while (running) {
      GatewayClient.Answer answer = gateway.infer(model, UUID.randomUUID().toString());
      if (!running) {
        return;
      }
      if (answer.ok()) {
        answered.incrementAndGet();
        byVersion.computeIfAbsent(answer.version(), v -> new AtomicLong()).incrementAndGet();
      } else {
        failed.incrementAndGet();
        if (failures.size() < KEPT_FAILURES) {
          failures.add(answer);
        }
      }
      try {
        Thread.sleep(GAP.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  long answered() {
    return answered.get();
  }

  long failed() {
    return failed.get();
  }

  long answeredBy(String version) {
    AtomicLong count = byVersion.get(version);
    return count == null ? 0 : count.get();
  }

  /** The first failures, for assertion messages. */
  List<GatewayClient.Answer> failures() {
    return List.copyOf(failures);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(15).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "traffic to "
        + gateway
        + ": "
        + answered
        + " answered "
        + byVersion
        + ", "
        + failed
        + " failed, first failures "
        + failures;
  }
}
