package io.sluice.eventing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics of a {@link TopicPlan} that do not exist and reports how many partitions each
 * has. An existing topic is never changed: adding partitions moves keys to other partitions and so
 * breaks the per-key order consumers rely on, which only an operator can decide to accept. Failures
 * a starting cluster shows for a moment (a broker not registered yet, too few brokers for the
 * replication factor so far) are retried until the deadline; any other failure ends at once.
 */
public final class TopicProvisioner {

  private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

  /** What became of one topic. */
  public enum Outcome {
    CREATED,
    EXISTED
  }

  /**
   * One topic after provisioning.
   *
   * @param partitions how many partitions it has now
   */
  public record TopicState(String topic, Outcome outcome, int partitions) {}

  private final Admin admin;

  public TopicProvisioner(Admin admin) {
    this.admin = admin;
  }

  /**
   * Makes sure every topic of the plan exists.
   *
   * @throws TopicProvisioningException when a topic cannot be created or described, naming it
   */
  public List<TopicState> ensure(TopicPlan plan, Instant deadline) {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    Throwable retriable = createMissing(plan, outcomes);
    while (retriable != null) {
      if (Instant.now().isAfter(deadline)) {
        throw new TopicProvisioningException(
            "Kafka topics not ready by the deadline: " + retriable.getMessage(), retriable);
      }
      pause();
      retriable = createMissing(plan, outcomes);
    }
    Map<String, TopicDescription> descriptions = describe(plan.topics(), deadline);
    List<TopicState> states = new ArrayList<>();
    for (String topic : plan.topics()) {
      states.add(
          new TopicState(topic, outcomes.get(topic), descriptions.get(topic).partitions().size()));
    }
    return states;
  }

  /** Returns the last retriable failure, or null once every topic has an outcome. */
  private Throwable createMissing(TopicPlan plan, Map<String, Outcome> outcomes) {
    List<NewTopic> requests =
        plan.topics().stream()
            .filter(topic -> !outcomes.containsKey(topic))
            .map(topic -> new NewTopic(topic, plan.partitions(), plan.replicationFactor()))
            .toList();
    Map<String, KafkaFuture<Void>> futures = admin.createTopics(requests).values();
    Throwable retriable = null;
    for (NewTopic request : requests) {
      String topic = request.name();
      Throwable failure = failureOf(futures.get(topic));
      if (failure == null) {
        outcomes.put(topic, Outcome.CREATED);
      } else if (failure instanceof TopicExistsException) {
        outcomes.put(topic, Outcome.EXISTED);
      } else if (failure instanceof RetriableException
          || failure instanceof InvalidReplicationFactorException) {
        retriable = failure;
      } else {
        throw new TopicProvisioningException(
            "cannot create Kafka topic " + topic + ": " + failure.getMessage(), failure);
      }
    }
    return retriable;
  }

  /**
   * Describes the topics; a broker whose metadata has not caught up with a topic just created
   * answers "unknown topic" for a moment, which is retried until the deadline.
   */
  private Map<String, TopicDescription> describe(List<String> topics, Instant deadline) {
    try {
      while (true) {
        try {
          return admin.describeTopics(topics).allTopicNames().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof RetriableException) || Instant.now().isAfter(deadline)) {
            throw new TopicProvisioningException(
                "cannot describe Kafka topics " + topics + ": " + e.getCause().getMessage(), e);
          }
          pause();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TopicProvisioningException("interrupted while describing topics", e);
    }
  }

  private static Throwable failureOf(KafkaFuture<Void> future) {
    try {
      future.get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TopicProvisioningException("interrupted while creating topics", e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY_PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TopicProvisioningException("interrupted while creating topics", e);
    }
  }

  /** A topic that could not be made sure of; the message names it and why. */
  public static final class TopicProvisioningException extends RuntimeException {
    TopicProvisioningException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
