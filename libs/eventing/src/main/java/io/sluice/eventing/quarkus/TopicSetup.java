package io.sluice.eventing.quarkus;

import io.sluice.eventing.KafkaClientConfig;
import io.sluice.eventing.KafkaClientProperties;
import io.sluice.eventing.Subscription;
import io.sluice.eventing.TopicPlan;
import io.sluice.eventing.TopicProvisioner;
import io.sluice.eventing.TopicProvisioner.TopicState;
import io.sluice.events.Topics;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/** Makes sure of a service's topics before it publishes or consumes anything. */
final class TopicSetup {

  private static final Logger LOG = Logger.getLogger(TopicSetup.class);

  private TopicSetup() {}

  static void ensure(
      KafkaClientProperties kafka, EventingConfig config, Iterable<Subscription> subscriptions) {
    EventingConfig.Topics settings = config.topics();
    if (!settings.create()) {
      LOG.info("topic creation is off (sluice.eventing.topics.create=false)");
      return;
    }
    TopicPlan plan =
        new TopicPlan(
            topicsOf(config.service(), subscriptions),
            settings.partitions(),
            (short) settings.replicationFactor());
    try (Admin admin =
        Admin.create(KafkaClientConfig.admin(kafka, config.service() + "-topic-setup"))) {
      List<TopicState> states =
          new TopicProvisioner(admin).ensure(plan, Instant.now().plus(settings.timeout()));
      states.forEach(state -> warnIfFewerPartitions(state, plan));
      LOG.infof("topics ready: %s", states.stream().map(TopicSetup::describe).toList());
    }
  }

  static List<String> topicsOf(String service, Iterable<Subscription> subscriptions) {
    Set<String> topics = new LinkedHashSet<>(Topics.platformTopics());
    topics.add(Topics.deadLetter(service));
    subscriptions.forEach(subscription -> topics.addAll(subscription.topics()));
    return List.copyOf(topics);
  }

  private static void warnIfFewerPartitions(TopicState state, TopicPlan plan) {
    if (state.partitions() < plan.partitions()) {
      LOG.warnf(
          "topic %s has %d partition(s), fewer than the %d configured; it is left as it is because"
              + " adding partitions moves keys to other partitions (see docs/install.md, scaling"
              + " out)",
          state.topic(), state.partitions(), plan.partitions());
    }
  }

  private static String describe(TopicState state) {
    String outcome = state.outcome() == TopicProvisioner.Outcome.CREATED ? "created" : "existed";
    return state.topic() + " (" + state.partitions() + " partitions, " + outcome + ")";
  }
}
