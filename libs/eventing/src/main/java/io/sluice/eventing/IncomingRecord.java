package io.sluice.eventing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** A Kafka record as read, before any decoding; what raw handlers and dead letters see. */
public record IncomingRecord(
    String topic,
    int partition,
    long offset,
    byte[] key,
    Map<String, String> headers,
    byte[] value) {

  static IncomingRecord of(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      headers.put(
          header.key(),
          header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
    }
    return new IncomingRecord(
        record.topic(), record.partition(), record.offset(), record.key(), headers, record.value());
  }

  /** The key as text, or null for a record without a key. */
  public String keyAsString() {
    return key == null ? null : new String(key, StandardCharsets.UTF_8);
  }

  /** A stable id for records that carry no event id: where the record sits in its topic. */
  public String position() {
    return topic + "/" + partition + "/" + offset;
  }
}
