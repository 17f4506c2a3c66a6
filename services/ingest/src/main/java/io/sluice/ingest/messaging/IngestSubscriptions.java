package io.sluice.ingest.messaging;

import io.sluice.eventing.Subscription;
import io.sluice.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** What ingest consumes: MinIO's bucket notifications, as raw records. */
@ApplicationScoped
public class IngestSubscriptions {

  @Produces
  Subscription bucketNotifications(NotificationHandler handler, IngestConfig config) {
    return Subscription.builder("ingest.bucket-events")
        .topics(config.notificationsTopic())
        .raw(handler)
        .build();
  }
}
