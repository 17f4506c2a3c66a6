package io.sluice.cli.provision;

import io.sluice.cli.CliException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics idempotently. Right after a broker starts, creation can fail for a moment (the
 * broker is not registered with the controller yet); such failures are retried until the deadline.
 */
public final class TopicProvisioner {

  private static final long RETRY_MILLIS = 500;

  private final Admin admin;

  public TopicProvisioner(Admin admin) {
    this.admin = admin;
  }

  /** Creates what is missing of {@code topics}; returns what happened to each, in order. */
  public Map<String, Outcome> ensure(List<String> topics, Instant deadline) {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    while (true) {
      List<String> pending = topics.stream().filter(t -> !outcomes.containsKey(t)).toList();
      Throwable lastRetriable = createAll(pending, outcomes);
      if (lastRetriable == null) {
        Map<String, Outcome> ordered = new LinkedHashMap<>();
        topics.forEach(t -> ordered.put(t, outcomes.get(t)));
        return ordered;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new CliException(
            "could not create the Kafka topics: " + lastRetriable, lastRetriable);
      }
      pause();
    }
  }

  /** Returns the last retriable failure, or null when every pending topic got an outcome. */
  private Throwable createAll(List<String> pending, Map<String, Outcome> outcomes) {
    List<NewTopic> requests =
        pending.stream()
            .map(t -> new NewTopic(t, TopicPlan.PARTITIONS, TopicPlan.REPLICATION_FACTOR))
            .toList();
    Map<String, KafkaFuture<Void>> futures = admin.createTopics(requests).values();
    Throwable retriable = null;
    for (String topic : pending) {
      Throwable failure = failureOf(futures.get(topic));
      if (failure == null) {
        outcomes.put(topic, Outcome.CREATED);
      } else if (failure instanceof TopicExistsException) {
        outcomes.put(topic, Outcome.EXISTED);
      } else if (failure instanceof RetriableException
          || failure instanceof InvalidReplicationFactorException) {
        retriable = failure;
      } else {
        throw new CliException("could not create Kafka topic " + topic + ": " + failure, failure);
      }
    }
    return retriable;
  }

  private static Throwable failureOf(KafkaFuture<Void> future) {
    try {
      future.get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while creating topics", e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while creating topics", e);
    }
  }
}
