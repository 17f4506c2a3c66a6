package io.sluice.eventing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.events.EventEnvelope;
import io.sluice.events.RunCancelled;
import io.sluice.events.Topics;
import io.sluice.testkit.SluiceInfra;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh database with the eventing tables (migrated by Flyway from this module's own scripts) on
 * the JVM-wide real Postgres, plus helpers to produce and read real Kafka records.
 */
final class EventingFixture {

  final String jdbcUrl;
  final String username;
  final String password;
  final DataSource dataSource;

  private EventingFixture(String jdbcUrl, String username, String password) {
    this.jdbcUrl = jdbcUrl;
    this.username = username;
    this.password = password;
    this.dataSource = dataSource(jdbcUrl, username, password);
  }

  static EventingFixture freshDatabase() throws SQLException {
    SluiceInfra infra = SluiceInfra.get();
    String name = "eventing_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String url = infra.postgres().createDatabase(name);
    EventingFixture fixture =
        new EventingFixture(url, infra.postgres().username(), infra.postgres().password());
    Flyway.configure()
        .dataSource(fixture.dataSource)
        .locations("classpath:db/eventing")
        .load()
        .migrate();
    fixture.execute(
        "CREATE TABLE applied_things (seq BIGSERIAL, tx BIGINT DEFAULT txid_current(),"
            + " run_id TEXT NOT NULL, event_id TEXT NOT NULL)");
    return fixture;
  }

  static String bootstrapServers() {
    return SluiceInfra.get().kafka().bootstrapServers();
  }

  static void createTopics(String... topics) {
    SluiceInfra.get().kafka().createTopics(topics);
  }

  static DataSource dataSource(String url, String username, String password) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url);
    ds.setUser(username);
    ds.setPassword(password);
    return ds;
  }

  Eventing eventing(String service, DataSource through) {
    return eventing(service, through, KafkaClientProperties.bootstrapOnly(bootstrapServers()));
  }

  Eventing eventing(String service, DataSource through, KafkaClientProperties kafka) {
    return new Eventing(
        through,
        relaySettings(service),
        consumerSettings(service, kafka),
        new SimpleMeterRegistry());
  }

  /** An eventing with its own meters and the given give-up and restart limits. */
  Eventing eventing(
      String service, MeterRegistry meters, int deadLetterAfterAttempts, int maxRestarts) {
    return eventing(service, dataSource, meters, deadLetterAfterAttempts, maxRestarts);
  }

  Eventing eventing(
      String service,
      DataSource through,
      MeterRegistry meters,
      int deadLetterAfterAttempts,
      int maxRestarts) {
    ConsumerSettings settings =
        consumerSettings(service, KafkaClientProperties.bootstrapOnly(bootstrapServers()))
            .withLimits(deadLetterAfterAttempts, maxRestarts);
    return new Eventing(through, relaySettings(service), settings, meters);
  }

  private static ConsumerSettings consumerSettings(String service, KafkaClientProperties kafka) {
    return new ConsumerSettings(
        kafka,
        service,
        "test-" + UUID.randomUUID().toString().substring(0, 8),
        Duration.ofMillis(200),
        Duration.ofMillis(50),
        Duration.ofMillis(400),
        ConsumerSettings.DEFAULT_MAX_RECORDS_PER_TRANSACTION);
  }

  Eventing eventing(String service) {
    return eventing(service, dataSource);
  }

  RelaySettings relaySettings(String service) {
    return new RelaySettings(
        jdbcUrl,
        username,
        password,
        null,
        RelaySettings.lockKeyFor(service),
        100,
        Duration.ofSeconds(1),
        Duration.ofMillis(200),
        Duration.ofDays(7));
  }

  void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  long count(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  List<String> strings(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  static void recordApplied(Connection connection, String runId, String eventId)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO applied_things (run_id, event_id) VALUES (?, ?)")) {
      insert.setString(1, runId);
      insert.setString(2, eventId);
      insert.executeUpdate();
    }
  }

  static EventEnvelope<RunCancelled> cancelled(String service, String runId, String reason) {
    return EventEnvelope.first(
        service, runId, null, new RunCancelled(runId, "iris", "sha-p", "iris", "sha-d", reason));
  }

  /** Produces a raw record to a topic, as any (possibly hostile) producer could. */
  static void produce(String topic, String key, Map<String, String> headers, byte[] value)
      throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            KafkaClientConfig.producer(bootstrapServers(), "test-raw-producer"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      RecordHeaders kafkaHeaders = new RecordHeaders();
      headers.forEach((k, v) -> kafkaHeaders.add(k, v.getBytes(StandardCharsets.UTF_8)));
      producer
          .send(
              new ProducerRecord<>(
                  topic,
                  null,
                  key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                  value,
                  kafkaHeaders))
          .get();
    }
  }

  /** Every record currently on the topic whose key matches, read from the beginning. */
  static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Predicate<String> keyFilter) {
    Map<String, Object> config =
        KafkaClientConfig.consumer(
            bootstrapServers(), "reader-" + UUID.randomUUID(), "reader", "earliest");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            config,
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
          if (keyFilter.test(key)) {
            records.add(r);
          }
        }
      }
      return records;
    }
  }

  static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  static String dlqTopic(String service) {
    return Topics.deadLetter(service);
  }
}
