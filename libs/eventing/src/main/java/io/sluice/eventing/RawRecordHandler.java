package io.sluice.eventing;

/**
 * Applies one record that is not a Sluice CloudEvent (e.g. a MinIO bucket notification) inside a
 * transaction; deduplicated on the record's position in its topic.
 */
@FunctionalInterface
public interface RawRecordHandler {

  void handle(IncomingRecord record, EventContext context) throws Exception;
}
