package io.sluice.bench.orchestrator;

import io.sluice.eventing.KafkaClientConfig;
import io.sluice.events.ColumnSpec;
import io.sluice.events.ColumnType;
import io.sluice.events.Completion;
import io.sluice.events.DataArrived;
import io.sluice.events.EventCodec;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ObjectRef;
import io.sluice.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Plays ingest: produces {@code data.arrived} for new versions of one dataset, each with content of
 * its own, so that every event is a new dataset version and starts a new run.
 */
final class DatasetDrops implements AutoCloseable {

  private static final String BUCKET = "datasets";
  private static final List<ColumnSpec> COLUMNS =
      List.of(new ColumnSpec("x", ColumnType.NUMBER), new ColumnSpec("label", ColumnType.STRING));

  private final String dataset;
  private final KafkaProducer<String, byte[]> producer;
  private final String salt = UUID.randomUUID().toString();
  private int next;

  DatasetDrops(String bootstrapServers, String dataset) {
    this.dataset = dataset;
    this.producer =
        new KafkaProducer<>(KafkaClientConfig.producer(bootstrapServers, "bench-ingest"));
  }

  /** A version of the dataset that no earlier call returned. */
  DataArrived nextVersion() {
    int n = next++;
    String drop = dataset + "/drop-" + n + "/";
    ObjectRef object =
        new ObjectRef(BUCKET, drop + "part.csv", 1_000, null, FakeHashes.sha256(salt + n));
    List<ObjectRef> objects = List.of(object);
    return new DataArrived(
        dataset,
        DataArrived.versionOf(drop, objects),
        BUCKET,
        dataset + "/",
        drop,
        Completion.SUCCESS_MARKER,
        objects,
        10,
        COLUMNS,
        "label");
  }

  /** Produces the event without waiting for Kafka's acknowledgement. */
  void send(DataArrived data) {
    EventEnvelope<DataArrived> event =
        EventEnvelope.first("ingest", data.datasetName(), data.versionId(), data);
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(Topics.DATA, event.key(), EventCodec.encodeData(data));
    EventCodec.headers(event)
        .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    producer.send(
        record,
        (metadata, error) -> {
          if (error != null) {
            System.err.println("[bench] data.arrived not sent: " + error);
          }
        });
  }

  @Override
  public void close() {
    producer.close();
  }
}
