package io.sluice.cli.health;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

/** One Kafka {@link Admin} client for the broker of local mode, created on first use. */
public final class KafkaAdmin implements AutoCloseable {

  // A fresh client's first answer needs a connection and a metadata round trip; on a loaded
  // machine that alone took over 2 s, and `status` reported a ready broker as not answering.
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  private final String bootstrap;
  private Admin admin;

  public KafkaAdmin(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  /** The client; connecting happens lazily, so this never blocks. */
  public synchronized Admin admin() {
    if (admin == null) {
      admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                  AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                  AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                  AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000,
                  AdminClientConfig.CLIENT_ID_CONFIG, "sluice-cli"));
    }
    return admin;
  }

  /** {@link Health#UP} when the broker answers with at least one registered node. */
  public Health probe() {
    try {
      Collection<Node> nodes =
          admin().describeCluster().nodes().get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return nodes.isEmpty() ? Health.FAILING : Health.UP;
    } catch (ExecutionException | TimeoutException e) {
      return Health.DOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.DOWN;
    }
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
      admin = null;
    }
  }
}
