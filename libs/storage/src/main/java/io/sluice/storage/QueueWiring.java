package io.sluice.storage;

import io.minio.messages.NotificationConfiguration;
import io.minio.messages.NotificationConfiguration.QueueConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides, without I/O, how a bucket's notification configuration must change so that it sends the
 * wanted events to one queue target (a MinIO notification target such as Kafka). Everything else on
 * the bucket is kept; queue configurations for the same target that do not carry every wanted event
 * unfiltered are replaced by one that does, since MinIO refuses two configurations for one target
 * whose events overlap.
 *
 * @param targetArn e.g. {@code arn:minio:sqs::sluice:kafka}
 * @param events e.g. {@code s3:ObjectCreated:*}
 */
public record QueueWiring(String targetArn, List<String> events) {

  /** The {@code Id} of the queue configuration that Sluice writes. */
  public static final String CONFIGURATION_ID = "sluice";

  public QueueWiring {
    if (targetArn == null || targetArn.isBlank()) {
      throw new IllegalArgumentException("a notification target ARN is required");
    }
    if (events.isEmpty()) {
      throw new IllegalArgumentException("at least one event type is required");
    }
    events = List.copyOf(events);
  }

  /** Whether the bucket already sends every wanted event, unfiltered, to the target. */
  public boolean isWired(NotificationConfiguration current) {
    return current.queueConfigurations().stream().anyMatch(this::covers);
  }

  /** The configuration to write, or empty when the current one already sends what is wanted. */
  public Optional<NotificationConfiguration> apply(NotificationConfiguration current) {
    if (isWired(current)) {
      return Optional.empty();
    }
    List<QueueConfiguration> queues = new ArrayList<>();
    for (QueueConfiguration queue : current.queueConfigurations()) {
      if (!targetArn.equals(queue.queue())) {
        queues.add(queue);
      }
    }
    queues.add(new QueueConfiguration(targetArn, CONFIGURATION_ID, events, null));
    return Optional.of(
        new NotificationConfiguration(
            nullIfEmpty(current.cloudFunctionConfigurations()),
            queues,
            nullIfEmpty(current.topicConfigurations()),
            current.eventBridgeConfiguration()));
  }

  private boolean covers(QueueConfiguration queue) {
    return targetArn.equals(queue.queue())
        && queue.filter() == null
        && queue.events().containsAll(events);
  }

  /** An absent list is left out of the XML; an empty one would be too, but say so. */
  private static <T> List<T> nullIfEmpty(List<T> list) {
    return list.isEmpty() ? null : list;
  }
}
