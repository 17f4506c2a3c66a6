package io.sluice.eventing;

import java.util.List;

/**
 * The topics a service makes sure of at start-up, and how new ones are created.
 *
 * @param topics the names, in the order they are reported
 * @param partitions partitions of a topic that does not exist yet; more partitions let more
 *     replicas of a consumer share the load (events of one key always share a partition)
 * @param replicationFactor copies of each partition; 3 on a production cluster, 1 locally
 */
public record TopicPlan(List<String> topics, int partitions, short replicationFactor) {

  public TopicPlan {
    topics = List.copyOf(topics);
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "replication factor must be at least 1, got " + replicationFactor);
    }
  }
}
