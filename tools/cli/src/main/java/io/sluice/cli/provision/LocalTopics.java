package io.sluice.cli.provision;

import io.sluice.eventing.TopicPlan;
import io.sluice.events.Topics;
import java.util.ArrayList;
import java.util.List;

/**
 * The topics local mode creates before anything starts (the S3 store publishes to the MinIO topic
 * at once): the platform topics of the contract, the MinIO notification topic, and one dead-letter
 * topic per service. One partition each, replication factor 1: one broker, one replica of each
 * service.
 */
public final class LocalTopics {

  public static final int PARTITIONS = 1;
  public static final short REPLICATION_FACTOR = 1;

  private LocalTopics() {}

  public static List<String> topics(List<String> services) {
    List<String> topics = new ArrayList<>(Topics.platformTopics());
    topics.add(Topics.MINIO_BUCKET_EVENTS);
    services.stream().map(Topics::deadLetter).forEach(topics::add);
    return List.copyOf(topics);
  }

  public static TopicPlan plan(List<String> services) {
    return new TopicPlan(topics(services), PARTITIONS, REPLICATION_FACTOR);
  }
}
