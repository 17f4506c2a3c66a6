package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    long started = System.nanoTime();
    kafka = EmbeddedKafka.start();
    System.out.printf("EmbeddedKafka ready in %d ms%n", (System.nanoTime() - started) / 1_000_000);
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  /** Were the guard missing, this test would end the JVM and the build would report it. */
  @Test
  void aBrokerThreadAskingToHaltDoesNotEndTheTestJvm() {
    Exit.halt(1, "simulated fatal log-folder failure");
    Exit.exit(1, "simulated fatal thread error");

    assertThat(kafka.bootstrapServers()).isNotBlank();
  }

  @Test
  void producedRecordIsConsumedByAConsumerGroup() throws Exception {
    kafka.createTopics("round.trip");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
      producer.send(new ProducerRecord<>("round.trip", "run-1", "{\"hello\":1}")).get();
    }

    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps("g1"))) {
      consumer.subscribe(List.of("round.trip"));
      ConsumerRecord<String, String> record =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> consumer.poll(Duration.ofMillis(200)), records -> !records.isEmpty())
              .iterator()
              .next();
      assertThat(record.key()).isEqualTo("run-1");
      assertThat(record.value()).isEqualTo("{\"hello\":1}");
    }
  }

  @Test
  void creatingExistingTopicsAgainChangesNothing() throws Exception {
    kafka.createTopics(3, "idempotent.topic");
    kafka.createTopics("idempotent.topic", "second.topic");

    assertThat(kafka.topicNames()).contains("idempotent.topic", "second.topic");
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      TopicDescription description =
          admin
              .describeTopics(List.of("idempotent.topic"))
              .allTopicNames()
              .get()
              .get("idempotent.topic");
      assertThat(description.partitions()).hasSize(3);
    }
  }

  @Test
  void brokerDoesNotCreateTopicsThatClientsAskFor() {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps("g2"))) {
      assertThat(consumer.partitionsFor("never.created")).isEmpty();
    }

    assertThat(kafka.topicNames()).doesNotContain("never.created");
  }

  private static Properties producerProps() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return props;
  }

  private static Properties consumerProps(String group) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return props;
  }
}
