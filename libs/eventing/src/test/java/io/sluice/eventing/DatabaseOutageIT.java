package io.sluice.eventing;

import static io.sluice.eventing.EventingFixture.cancelled;
import static io.sluice.eventing.EventingFixture.produce;
import static io.sluice.eventing.EventingFixture.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.events.EventCodec;
import io.sluice.events.EventEnvelope;
import io.sluice.events.EventType;
import io.sluice.events.RunCancelled;
import io.sluice.testkit.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A real outage between the consumer and Postgres: the consumer's connections go through a TCP
 * proxy that the test cuts (connections reset, new ones refused) and later restores.
 */
class DatabaseOutageIT {

  @Test
  void databaseOutageIsRetriedWithBackoffAndDeadLettersNothingHoweverOftenItFails()
      throws Exception {
    EventingFixture db = EventingFixture.freshDatabase();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String topic = "test.outage." + suffix;
    String service = "outage-" + suffix;
    EventingFixture.createTopics(topic, EventingFixture.dlqTopic(service));
    URI target = URI.create(db.jdbcUrl.substring("jdbc:".length()));

    try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort())) {
      String proxiedUrl =
          db.jdbcUrl.replace(":" + target.getPort() + "/", ":" + proxy.port() + "/");
      DataSource throughProxy = EventingFixture.dataSource(proxiedUrl, db.username, db.password);
      // Gives a failing record up after 2 tries, which an outage must never count towards.
      try (Eventing eventing =
          db.eventing(service, throughProxy, new SimpleMeterRegistry(), 2, 10)) {
        eventing.subscribe(recording(topic));
        proxy.cut();

        EventEnvelope<RunCancelled> event = cancelled("upstream", "run-outage", "o");
        produce(topic, event.key(), EventCodec.headers(event), EventCodec.encodeData(event.data()));

        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(10))
            .until(() -> readAll(EventingFixture.dlqTopic(service), k -> true).isEmpty());
        assertThat(db.count("SELECT count(*) FROM applied_things")).isZero();

        proxy.restore();
        await().until(() -> db.count("SELECT count(*) FROM applied_things") == 1);
      }
    }
    assertThat(readAll(EventingFixture.dlqTopic(service), k -> true)).isEmpty();
  }

  private static Subscription recording(String topic) {
    return Subscription.builder("test.outage")
        .topics(topic)
        .on(
            EventType.RUN_CANCELLED,
            RunCancelled.class,
            (event, context) ->
                EventingFixture.recordApplied(
                    context.connection(), event.data().runId(), event.id()))
        .build();
  }
}
