package io.sluice.eventing.quarkus;

import io.quarkus.runtime.StartupEvent;
import io.sluice.eventing.Eventing;
import io.sluice.eventing.KafkaClientProperties;
import io.sluice.eventing.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

/**
 * Makes sure of the service's topics, then starts the outbox relay and every {@link Subscription}
 * bean the service declares once the application (and its Flyway migration) is up. Stopping happens
 * when the {@link Eventing} bean is disposed at shutdown.
 */
@ApplicationScoped
public class EventingLifecycle {

  private static final Logger LOG = Logger.getLogger(EventingLifecycle.class);

  void start(
      @Observes StartupEvent startup,
      Eventing eventing,
      EventingConfig config,
      KafkaClientProperties kafka,
      @Any Instance<Subscription> subscriptions) {
    TopicSetup.ensure(kafka, config, subscriptions);
    eventing.startRelay();
    for (Subscription subscription : subscriptions) {
      eventing.subscribe(subscription);
      LOG.infof("consuming %s as %s", subscription.topics(), subscription.name());
    }
  }
}
