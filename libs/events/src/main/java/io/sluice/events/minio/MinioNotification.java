package io.sluice.events.minio;

import java.util.List;
import java.util.Objects;

/** A parsed MinIO notification message: its records, or why it could not be read. */
public sealed interface MinioNotification
    permits MinioNotification.Events, MinioNotification.Malformed {

  /**
   * The records of one message, in message order (MinIO usually sends one).
   *
   * @param events the records
   */
  record Events(List<MinioEvent> events) implements MinioNotification {

    public Events {
      events = List.copyOf(events);
    }

    /** Only the object writes. */
    public List<MinioEvent.ObjectCreated> created() {
      return events.stream()
          .filter(MinioEvent.ObjectCreated.class::isInstance)
          .map(MinioEvent.ObjectCreated.class::cast)
          .toList();
    }
  }

  /**
   * A message that is not a MinIO notification (or a broken one).
   *
   * @param reason what is wrong, naming the field
   */
  record Malformed(String reason) implements MinioNotification {

    public Malformed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
