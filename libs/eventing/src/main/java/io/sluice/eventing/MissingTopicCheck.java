package io.sluice.eventing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * Asks the cluster whether a topic exists, after the producer failed to find it. True only on the
 * cluster's own answer that it does not: a broker that does not answer is an outage, and the relay
 * keeps retrying then.
 */
final class MissingTopicCheck implements Predicate<String>, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(MissingTopicCheck.class);
  private static final int TIMEOUT_MS = 5_000;

  private final Map<String, Object> config;
  private Admin admin;

  MissingTopicCheck(KafkaClientProperties kafka, String clientId) {
    this.config = KafkaClientConfig.admin(kafka, clientId);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
  }

  @Override
  public synchronized boolean test(String topic) {
    try {
      admin()
          .describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(TIMEOUT_MS))
          .allTopicNames()
          .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      return false;
    } catch (ExecutionException e) {
      return e.getCause() instanceof UnknownTopicOrPartitionException;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      LOG.debugf("could not tell whether topic %s exists: %s", topic, e.getMessage());
      return false;
    }
  }

  private Admin admin() {
    if (admin == null) {
      admin = Admin.create(config);
    }
    return admin;
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close();
    }
  }
}
