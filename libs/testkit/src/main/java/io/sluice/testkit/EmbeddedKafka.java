package io.sluice.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A real one-node Apache Kafka broker (KRaft, broker and controller in one node) running inside
 * this JVM on a free port, with automatic topic creation off like the platform's real clusters.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *   kafka.createTopics("sluice.runs");
 *   producerProps.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops the broker and deletes its log folders.
 */
public final class EmbeddedKafka implements AutoCloseable {

  /**
   * Settings a single-node broker needs: without the replication factors of 1 its internal topics
   * (consumer offsets, transactions, share groups) never come up and consumer groups never join.
   */
  static final Map<String, String> SINGLE_NODE_SETTINGS =
      Map.ofEntries(
          Map.entry("auto.create.topics.enable", "false"),
          Map.entry("num.partitions", "1"),
          Map.entry("offsets.topic.replication.factor", "1"),
          Map.entry("offsets.topic.num.partitions", "1"),
          Map.entry("transaction.state.log.replication.factor", "1"),
          Map.entry("transaction.state.log.min.isr", "1"),
          Map.entry("transaction.state.log.num.partitions", "1"),
          Map.entry("share.coordinator.state.topic.replication.factor", "1"),
          Map.entry("share.coordinator.state.topic.min.isr", "1"),
          Map.entry("group.initial.rebalance.delay.ms", "0"),
          Map.entry("log.cleaner.dedupe.buffer.size", "2097152"));

  private static final Duration TOPIC_VISIBILITY_TIMEOUT = Duration.ofSeconds(60);

  static {
    // The broker shares the test JVM. A broker thread that decides to exit or halt (a failed log
    // folder, a fatal error while shutting down) would end the test JVM with a non-zero status and
    // fail the build after every test passed, with nothing in the reports. Refuse and say why.
    Exit.setExitProcedure(EmbeddedKafka::refuseToEndTestJvm);
    Exit.setHaltProcedure(EmbeddedKafka::refuseToEndTestJvm);
  }

  private final KafkaClusterTestKit cluster;
  private Admin admin;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  private static void refuseToEndTestJvm(int status, String message) {
    System.getLogger(EmbeddedKafka.class.getName())
        .log(
            System.Logger.Level.ERROR,
            "Embedded Kafka asked to end the JVM with status {0} ({1}); the test JVM keeps running",
            status,
            message);
  }

  /** Formats and starts a fresh broker in a temporary folder and waits until it is ready. */
  public static EmbeddedKafka start() {
    KafkaClusterTestKit cluster = null;
    try {
      cluster = newCluster();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new EmbeddedKafka(cluster);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(cluster);
      throw new IllegalStateException("Interrupted while starting Kafka", e);
    } catch (Exception e) {
      closeQuietly(cluster);
      throw new IllegalStateException("Could not start embedded Kafka", e);
    }
  }

  private static KafkaClusterTestKit newCluster() throws Exception {
    TestKitNodes nodes =
        new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .build();
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
    SINGLE_NODE_SETTINGS.forEach(builder::setConfigProp);
    return builder.build();
  }

  /** The {@code host:port} list for clients' {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Creates topics with one partition each; topics that already exist are left as they are. */
  public void createTopics(String... names) {
    createTopics(1, names);
  }

  /**
   * Creates topics with the given number of partitions (replication factor 1); topics that already
   * exist are left as they are, whatever their partition count.
   */
  public void createTopics(int partitions, String... names) {
    List<NewTopic> topics =
        Arrays.stream(names).map(name -> new NewTopic(name, partitions, (short) 1)).toList();
    admin().createTopics(topics).values().values().forEach(EmbeddedKafka::awaitCreatedOrExisting);
    awaitVisible(Set.copyOf(Arrays.asList(names)));
  }

  /**
   * The controller acknowledges a new topic before the broker's metadata shows it; until then a
   * client that looks the topic up finds no partitions. Wait, so that callers can use it at once.
   */
  private void awaitVisible(Set<String> names) {
    long deadline = System.nanoTime() + TOPIC_VISIBILITY_TIMEOUT.toNanos();
    while (!topicNames().containsAll(names)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Topics not visible after creation: " + names);
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for topics", e);
    }
  }

  /** The names of all topics except Kafka's internal ones. */
  public Set<String> topicNames() {
    try {
      return admin().listTopics().names().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while listing topics", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not list topics", e.getCause());
    }
  }

  private static void awaitCreatedOrExisting(KafkaFuture<Void> creation) {
    try {
      creation.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("Could not create topic", e.getCause());
      }
    }
  }

  private synchronized Admin admin() {
    if (admin == null) {
      Properties props = new Properties();
      props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
      admin = Admin.create(props);
    }
    return admin;
  }

  /** Stops the broker and deletes its folders. */
  @Override
  public synchronized void close() {
    Optional.ofNullable(admin).ifPresent(Admin::close);
    admin = null;
    closeQuietly(cluster);
  }

  private static void closeQuietly(KafkaClusterTestKit cluster) {
    if (cluster == null) {
      return;
    }
    try {
      cluster.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // A failure while shutting down must not hide the outcome of the tests that used it.
      System.getLogger(EmbeddedKafka.class.getName())
          .log(System.Logger.Level.WARNING, "Embedded Kafka did not shut down cleanly", e);
    }
  }
}
