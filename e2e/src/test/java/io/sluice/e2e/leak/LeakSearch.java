package io.sluice.e2e.leak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Looks for secret values everywhere a test platform keeps anything: every record (key, headers,
 * value) of every Kafka topic, every row of every table of every schema, every file under a folder,
 * and any text (REST answers). Each value is looked for as itself, in base64 and in hex (how
 * Postgres shows bytea), so a value that was merely encoded on its way is found too.
 */
public final class LeakSearch {

  private static final Duration KAFKA_PATIENCE = Duration.ofSeconds(60);

  private final Map<String, byte[]> needles = new LinkedHashMap<>();
  private final List<String> findings = new ArrayList<>();
  private final Map<String, Integer> searched = new LinkedHashMap<>();

  /** {@code secrets}: a name for the report (never the value) to the value. */
  public LeakSearch(Map<String, String> secrets) {
    secrets.forEach(
        (name, value) -> {
          byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
          needles.put(name, bytes);
          needles.put(name + " (base64)", ascii(Base64.getEncoder().encodeToString(bytes)));
          needles.put(
              name + " (base64, no padding)",
              ascii(Base64.getEncoder().withoutPadding().encodeToString(bytes)));
          needles.put(name + " (hex)", ascii(HexFormat.of().formatHex(bytes)));
        });
  }

  /** Where a value was found, one line each ("where: which form"); empty when nowhere. */
  public List<String> findings() {
    return List.copyOf(findings);
  }

  /** How many things of each kind were searched: proof that the search saw something. */
  public Map<String, Integer> searched() {
    return Map.copyOf(searched);
  }

  /** Searches {@code text} (e.g. a REST answer), reported as {@code where}. */
  public void text(String where, String text) {
    bytes(where, text.getBytes(StandardCharsets.UTF_8));
    count("texts");
  }

  /** Every record of every topic, internal and dead-letter topics included, from the start. */
  public void kafka(String bootstrap) {
    Set<String> topics;
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot list the topics of " + bootstrap, e);
    }
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions =
          topics.stream()
              .flatMap(topic -> consumer.partitionsFor(topic).stream())
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      readUntil(consumer, ends);
      searched.put("kafka topics", topics.size());
    }
  }

  private void readUntil(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
    long deadline = System.nanoTime() + KAFKA_PATIENCE.toNanos();
    while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topics not read to their end within " + KAFKA_PATIENCE);
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        bytes(where + " key", record.key());
        bytes(where + " value", record.value());
        for (Header header : record.headers()) {
          bytes(where + " header " + header.key(), header.value());
        }
        count("kafka records");
      }
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.CLIENT_ID_CONFIG,
            "sluice-e2e-leak-" + UUID.randomUUID(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            // Transactional or aborted records are evidence too.
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_uncommitted"),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  /** Every row of every table in every schema but Postgres' own, each row as its text form. */
  public void database(String jdbcUrl, String user, String password) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
        Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)"
                  + " FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                  + " AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      for (String table : tables) {
        try (ResultSet rows = statement.executeQuery("SELECT t::text FROM " + table + " t")) {
          while (rows.next()) {
            bytes(table, rows.getString(1).getBytes(StandardCharsets.UTF_8));
            count("database rows");
          }
        }
      }
      searched.put("database tables", tables.size());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the database " + jdbcUrl, e);
    }
  }

  /** Every file under {@code folder} but those under {@code skip}, byte for byte. */
  public void files(Path folder, Path skip) {
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        if (!file.startsWith(skip)) {
          file(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void file(Path file) {
    try {
      bytes(file.toString(), Files.readAllBytes(file));
      count("files");
    } catch (java.nio.file.NoSuchFileException e) {
      // Gone between the listing and the read (a log rolled, a temp file): nothing to search.
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void bytes(String where, byte[] haystack) {
    if (haystack == null) {
      return;
    }
    String text = new String(haystack, StandardCharsets.ISO_8859_1);
    needles.forEach(
        (name, needle) -> {
          if (text.contains(new String(needle, StandardCharsets.ISO_8859_1))) {
            findings.add(where + ": " + name);
          }
        });
  }

  private void count(String kind) {
    searched.merge(kind, 1, Integer::sum);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
