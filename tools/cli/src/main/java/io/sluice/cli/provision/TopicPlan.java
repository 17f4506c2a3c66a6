package io.sluice.cli.provision;

import io.sluice.events.Topics;
import java.util.ArrayList;
import java.util.List;

/**
 * The topics local mode creates (brokers do not auto-create): the platform topics of the contract,
 * the MinIO notification topic, and one dead-letter topic per service. One partition each,
 * replication factor 1.
 */
public final class TopicPlan {

  public static final int PARTITIONS = 1;
  public static final short REPLICATION_FACTOR = 1;

  private TopicPlan() {}

  public static List<String> topics(List<String> services) {
    List<String> topics = new ArrayList<>(Topics.platformTopics());
    topics.add(Topics.MINIO_BUCKET_EVENTS);
    services.stream().map(Topics::deadLetter).forEach(topics::add);
    return List.copyOf(topics);
  }
}
