package io.sluice.eventing;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Tells a send that failed because of the record itself, which no retry will ever get through, from
 * one that failed because of the cluster (down, leader moving, not authorised yet), which the relay
 * retries in order for as long as it takes.
 */
final class SendFailures {

  private SendFailures() {}

  /**
   * True for failures of this record alone: too large for the producer, the broker or the topic, an
   * invalid topic name, a value that cannot be serialised. A missing topic is told by asking the
   * cluster (the producer only reports it as a metadata timeout, just as when the broker is down).
   */
  static boolean isPermanent(Throwable failure) {
    for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (e instanceof RecordTooLargeException
          || e instanceof RecordBatchTooLargeException
          || e instanceof InvalidTopicException
          || e instanceof SerializationException) {
        return true;
      }
    }
    return false;
  }

  /** The producer's answer for a topic its metadata never showed, or one the broker denies. */
  static boolean mayBeMissingTopic(Throwable failure) {
    return failure instanceof UnknownTopicOrPartitionException
        || (failure instanceof TimeoutException
            && String.valueOf(failure.getMessage()).contains("not present in metadata"));
  }
}
