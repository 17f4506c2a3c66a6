package io.sluice.orchestrator.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.eventing.KafkaClientConfig;
import io.sluice.eventing.KafkaClientProperties;
import io.sluice.eventing.Transactor;
import io.sluice.eventing.quarkus.EventingConfig;
import io.sluice.events.Topics;
import io.sluice.orchestrator.config.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jboss.logging.Logger;

/**
 * Looks every {@code interval}, on a thread of its own, for what nobody reports on: it moves the
 * {@link ReadWatermark}, has the {@link OverdueJudge} fail what is overdue by then, and refreshes
 * its gauges. Every replica runs one; the judge's row locks make each judgement happen once.
 */
@ApplicationScoped
public class Watchdog {

  private static final Logger LOG = Logger.getLogger(Watchdog.class);

  private final OverdueJudge judge;
  private final Transactor transactor;
  private final OrchestratorConfig.Watchdog config;
  private final KafkaClientProperties kafka;
  private final String service;
  private final WatchdogStore store = new WatchdogStore();
  private final AtomicReference<WatchdogStore.Counts> counts =
      new AtomicReference<>(new WatchdogStore.Counts(0, 0, 0));
  private final AtomicLong lagMillis = new AtomicLong(-1);
  private final Counter lost;
  private final Counter attemptsPastDeadline;
  private final Counter runsPastDeadline;
  private final Semaphore wakeUps = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;
  private Admin admin;
  private ReadWatermark watermark;

  public Watchdog(
      OverdueJudge judge,
      Transactor transactor,
      OrchestratorConfig config,
      KafkaClientProperties kafka,
      EventingConfig eventing,
      MeterRegistry meters) {
    this.judge = judge;
    this.transactor = transactor;
    this.config = config.watchdog();
    this.kafka = kafka;
    this.service = eventing.service();
    String unheard = "sluice.orchestrator.attempts.without.heartbeat";
    meters.gauge(unheard, tags("why", "lease_expired"), counts, c -> c.get().leaseExpired());
    meters.gauge(
        unheard, tags("why", "never_heartbeated"), counts, c -> c.get().neverHeartbeated());
    meters.gauge("sluice.orchestrator.runs.past.deadline", counts, c -> c.get().runsPastDeadline());
    meters.gauge("sluice.orchestrator.watchdog.lag.seconds", lagMillis, Watchdog::seconds);
    String judged = "sluice.orchestrator.watchdog.judged";
    this.lost = meters.counter(judged, "what", "attempt", "reason", "EXECUTOR_LOST");
    this.attemptsPastDeadline =
        meters.counter(judged, "what", "attempt", "reason", "DEADLINE_EXCEEDED");
    this.runsPastDeadline = meters.counter(judged, "what", "run", "reason", "DEADLINE_EXCEEDED");
  }

  void onStart(@Observes StartupEvent startup) {
    start();
  }

  void onStop(@Observes ShutdownEvent shutdown) {
    stop();
    synchronized (this) {
      if (admin != null) {
        admin.close(Duration.ofSeconds(5));
      }
    }
  }

  /** Starts looking; the first judgement waits until the runs consumer has been seen caught up. */
  public synchronized void start() {
    if (running) {
      return;
    }
    if (watermark == null) {
      watermark = new ReadWatermark(offsets(), Clock.systemUTC());
    }
    running = true;
    thread = new Thread(this::run, "watchdog");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops looking (tests stop it to hold judgement); nothing is lost, the next start goes on. */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    wakeUps.release();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (running) {
      try {
        look();
      } catch (RuntimeException e) {
        LOG.warnf(e, "watchdog: looking failed; trying again in %s", config.interval());
      }
      try {
        if (wakeUps.tryAcquire(config.interval().toMillis(), TimeUnit.MILLISECONDS)) {
          wakeUps.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** One look: move the watermark, judge what is overdue by then, refresh the gauges. */
  public void look() {
    judgeOverdue();
    refreshGauges();
  }

  private void judgeOverdue() {
    Optional<Instant> readUpTo = advanceWatermark();
    if (readUpTo.isPresent()) {
      lagMillis.set(Duration.between(readUpTo.get(), Instant.now()).toMillis());
      OverdueJudge.Judged judged;
      do {
        judged = judge.judgeBatch(readUpTo.get());
        lost.increment(judged.lost());
        attemptsPastDeadline.increment(judged.attemptsPastDeadline());
        runsPastDeadline.increment(judged.runs());
      } while (judged.full());
    }
  }

  /** Counts again what the gauges show (each replica counts the whole database). */
  public void refreshGauges() {
    counts.set(transactor.inTransaction(c -> store.counts(c, config.silentAfter())));
  }

  private Optional<Instant> advanceWatermark() {
    try {
      return watermark.advance();
    } catch (RuntimeException e) {
      // Still true: everything before the old watermark was applied. Judging goes on against it.
      LOG.warnf("watchdog: cannot tell how far the runs consumer has read: %s", e.getMessage());
      return watermark.current();
    }
  }

  private KafkaOffsets offsets() {
    Map<String, Object> settings = KafkaClientConfig.admin(kafka, service + "-watchdog");
    int timeout = (int) config.kafkaTimeout().toMillis();
    settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    admin = Admin.create(settings);
    return new KafkaOffsets(
        admin, Topics.RUNS, RunSubscriptions.RUNS_CONSUMER, config.kafkaTimeout());
  }

  private static double seconds(AtomicLong millis) {
    long value = millis.get();
    return value < 0 ? Double.NaN : value / 1000.0;
  }

  private static Tags tags(String key, String value) {
    return Tags.of(key, value);
  }
}
