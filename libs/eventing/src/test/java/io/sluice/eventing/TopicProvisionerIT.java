package io.sluice.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.eventing.TopicProvisioner.Outcome;
import io.sluice.eventing.TopicProvisioner.TopicState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Topic set-up against the real (single-broker) test cluster. */
class TopicProvisionerIT {

  private Admin admin;
  private String prefix;

  @BeforeEach
  void connect() {
    admin = Admin.create(KafkaClientConfig.admin(kafkaSettings(), "topic-test"));
    prefix = "provision-" + UUID.randomUUID().toString().substring(0, 8) + ".";
  }

  @AfterEach
  void close() {
    admin.close();
  }

  @Test
  void missingTopicsAreCreatedWithThePlannedPartitions() throws Exception {
    TopicPlan plan = new TopicPlan(List.of(prefix + "a", prefix + "b"), 3, (short) 1);

    List<TopicState> states = provisioner().ensure(plan, soon());

    assertThat(states)
        .containsExactly(
            new TopicState(prefix + "a", Outcome.CREATED, 3),
            new TopicState(prefix + "b", Outcome.CREATED, 3));
    assertThat(admin.describeTopics(List.of(prefix + "a")).allTopicNames().get())
        .extractingByKey(prefix + "a")
        .satisfies(d -> assertThat(d.partitions()).hasSize(3));
  }

  @Test
  void anExistingTopicIsLeftAsItIsAndReportedWithItsOwnPartitions() {
    SluiceInfraTopics.create(prefix + "old");

    List<TopicState> states =
        provisioner()
            .ensure(new TopicPlan(List.of(prefix + "old", prefix + "new"), 3, (short) 1), soon());

    assertThat(states)
        .containsExactly(
            new TopicState(prefix + "old", Outcome.EXISTED, 1),
            new TopicState(prefix + "new", Outcome.CREATED, 3));
  }

  @Test
  void runningItTwiceChangesNothing() {
    TopicPlan plan = new TopicPlan(List.of(prefix + "twice"), 2, (short) 1);
    provisioner().ensure(plan, soon());

    assertThat(provisioner().ensure(plan, soon()))
        .containsExactly(new TopicState(prefix + "twice", Outcome.EXISTED, 2));
  }

  @Test
  void aReplicationFactorTheClusterCannotGiveFailsAtTheDeadlineWithTheReason() {
    TopicPlan plan = new TopicPlan(List.of(prefix + "replicated"), 1, (short) 3);
    Instant started = Instant.now();

    assertThatThrownBy(() -> provisioner().ensure(plan, Instant.now().plusSeconds(2)))
        .isInstanceOf(TopicProvisioner.TopicProvisioningException.class)
        .hasMessageContaining("not ready by the deadline")
        .hasMessageContaining("replication factor");
    assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void anInvalidTopicNameFailsAtOnceNamingTheTopic() {
    String invalid = prefix + "bad/name";

    assertThatThrownBy(
            () ->
                provisioner()
                    .ensure(
                        new TopicPlan(List.of(invalid), 1, (short) 1),
                        Instant.now().plusSeconds(60)))
        .isInstanceOf(TopicProvisioner.TopicProvisioningException.class)
        .hasMessageContaining("cannot create Kafka topic " + invalid);
  }

  @Test
  void aPlanRefusesNonsense() {
    assertThatThrownBy(() -> new TopicPlan(List.of("t"), 0, (short) 1))
        .hasMessageContaining("partitions must be at least 1");
    assertThatThrownBy(() -> new TopicPlan(List.of("t"), 1, (short) 0))
        .hasMessageContaining("replication factor must be at least 1");
  }

  private TopicProvisioner provisioner() {
    return new TopicProvisioner(admin);
  }

  private static Instant soon() {
    return Instant.now().plusSeconds(30);
  }

  private static KafkaClientProperties kafkaSettings() {
    return KafkaClientProperties.of(
        Map.of("bootstrap.servers", EventingFixture.bootstrapServers()));
  }

  /** Topics made the way the test kit makes them (one partition), outside the provisioner. */
  private static final class SluiceInfraTopics {
    static void create(String topic) {
      EventingFixture.createTopics(topic);
    }
  }
}
