package io.sluice.ingest.store;

import io.sluice.ingest.store.BucketNotificationWatcher.Report;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when every watched bucket sends its notifications to Kafka (or wiring is off): a bucket
 * that does not would silently never produce a dataset version, so ingest says so instead of
 * looking healthy. Each bucket's state and reason are in the check's data.
 */
@Readiness
@ApplicationScoped
public class BucketNotificationsCheck implements HealthCheck {

  static final String NAME = "bucket-notifications";

  private final BucketNotificationWatcher watcher;

  public BucketNotificationsCheck(BucketNotificationWatcher watcher) {
    this.watcher = watcher;
  }

  @Override
  public HealthCheckResponse call() {
    return responseFor(watcher.report());
  }

  static HealthCheckResponse responseFor(Report report) {
    HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
    response.withData("enabled", report.enabled());
    if (!report.enabled()) {
      return response.up().build();
    }
    if (!report.checked()) {
      return response.down().withData("reason", "the watched buckets were not checked yet").build();
    }
    boolean allWired = true;
    for (Map.Entry<String, WiringStatus> bucket : report.buckets().entrySet()) {
      WiringStatus status = bucket.getValue();
      response.withData("bucket." + bucket.getKey(), status.state() + ": " + status.detail());
      allWired &= status.wired();
    }
    return response.status(allWired).build();
  }
}
