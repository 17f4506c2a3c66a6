package io.sluice.launcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.eventing.Outbox;
import io.sluice.eventing.Transactor;
import io.sluice.events.UuidV7;
import io.sluice.launcher.attempt.AttemptFinisher;
import io.sluice.launcher.attempt.AttemptHeartbeats;
import io.sluice.launcher.attempt.AttemptRecovery;
import io.sluice.launcher.attempt.AttemptReporter;
import io.sluice.launcher.attempt.AttemptStore;
import io.sluice.launcher.attempt.LauncherIdentity;
import io.sluice.launcher.attempt.OwnerLock;
import io.sluice.launcher.config.KubernetesConfig;
import io.sluice.launcher.config.LauncherConfig;
import io.sluice.launcher.exec.Executor;
import io.sluice.launcher.gpu.GpuAllocator;
import io.sluice.launcher.gpu.GpuDiscovery;
import io.sluice.launcher.kubernetes.KubernetesExecutor;
import io.sluice.launcher.kubernetes.KubernetesExecutors;
import io.sluice.launcher.local.LocalExecutor;
import io.sluice.launcher.local.LocalSettings;
import io.sluice.launcher.local.SecretResolver;
import io.sluice.launcher.step.StepLogStore;
import io.sluice.launcher.storage.ObjectStore;
import io.sluice.storage.quarkus.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires the plain launcher classes into CDI, with the executor the configuration chooses. */
@ApplicationScoped
public class LauncherBeans {

  /** The longest pause between two tries to record an outcome while the database is away. */
  private static final Duration OUTCOME_RETRY_MAX_DELAY = Duration.ofSeconds(10);

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  LauncherIdentity identity(LauncherConfig config) {
    String node = hostName();
    String unique = UuidV7.nextString();
    String instance =
        config.instanceId().orElse(node + "-" + unique.substring(unique.length() - 12));
    return new LauncherIdentity(instance, node);
  }

  @Produces
  @Singleton
  AttemptStore attemptStore() {
    return new AttemptStore();
  }

  @Produces
  @Singleton
  AttemptFinisher finisher(AttemptStore store, Outbox outbox) {
    return new AttemptFinisher(store, outbox);
  }

  @Produces
  @Singleton
  AttemptReporter reporter(
      Transactor transactor, AttemptStore store, AttemptFinisher finisher, MeterRegistry meters) {
    AttemptReporter reporter =
        new AttemptReporter(transactor, store, finisher, OUTCOME_RETRY_MAX_DELAY);
    Gauge.builder("sluice.launcher.outcomes.pending", reporter, AttemptReporter::pendingCount)
        .description("Attempt outcomes waiting to be recorded (the database is unavailable)")
        .register(meters);
    return reporter;
  }

  void close(@Disposes AttemptReporter reporter) {
    reporter.close();
  }

  @Produces
  @Singleton
  AttemptRecovery recovery(
      Transactor transactor,
      AttemptStore store,
      AttemptFinisher finisher,
      Executor executor,
      AttemptReporter reporter,
      LauncherConfig config,
      Clock clock) {
    return new AttemptRecovery(
        transactor, store, finisher, executor, reporter, config.heartbeat().lease(), clock);
  }

  @Produces
  @Singleton
  AttemptHeartbeats heartbeats(
      Transactor transactor,
      AttemptStore store,
      AttemptFinisher finisher,
      Outbox outbox,
      Executor executor,
      AttemptReporter reporter,
      LauncherIdentity identity,
      LauncherConfig config,
      Clock clock) {
    return new AttemptHeartbeats(
        transactor,
        store,
        finisher,
        outbox,
        executor,
        reporter,
        identity.instanceId(),
        config.heartbeat().lease(),
        clock);
  }

  /**
   * The owner lock, on a session of its own opened with the driver directly: outside the pool, so
   * nobody else closes, recycles or counts it, and its loss never poisons a pooled connection.
   */
  @Produces
  @Singleton
  OwnerLock ownerLock(
      LauncherIdentity identity,
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
      @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
      MeterRegistry meters) {
    Properties properties = new Properties();
    user.ifPresent(value -> properties.setProperty("user", value));
    password.ifPresent(value -> properties.setProperty("password", value));
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("ApplicationName", "sluice-launcher-owner-lock");
    OwnerLock lock =
        new OwnerLock(
            () -> new org.postgresql.Driver().connect(url, properties), identity.instanceId());
    Gauge.builder("sluice.launcher.owner_lock.held", lock, held -> held.held() ? 1 : 0)
        .description("1 while this launcher holds its owner lock; 0 while it takes no attempt")
        .register(meters);
    return lock;
  }

  void close(@Disposes OwnerLock lock) {
    lock.close();
  }

  /** Where finished attempts' logs go, with counters of what was kept and what could not be. */
  @Produces
  @Singleton
  StepLogStore stepLogs(LauncherConfig config, ObjectStore store, MeterRegistry meters) {
    StepLogStore logs =
        config.stepLogs().enabled()
            ? StepLogStore.in(store, config.stepLogs().bucket())
            : StepLogStore.disabled();
    FunctionCounter.builder("sluice.launcher.step_logs.stored", logs, StepLogStore::storedCount)
        .description("Finished attempts' logs kept in the artifact store")
        .register(meters);
    FunctionCounter.builder("sluice.launcher.step_logs.failed", logs, StepLogStore::failedCount)
        .description("Finished attempts' logs that could not be kept (the steps' outcomes stand)")
        .register(meters);
    return logs;
  }

  /** The executor {@code sluice.launcher.executor} names. */
  @Produces
  @Singleton
  Executor executor(
      LauncherConfig config,
      KubernetesConfig kubernetes,
      StorageConfig s3,
      ObjectStore store,
      StepLogStore logs,
      LauncherIdentity identity,
      Instance<KubernetesClient> client,
      Clock clock) {
    if (config.executor() == LauncherConfig.ExecutorKind.KUBERNETES) {
      KubernetesExecutor executor =
          KubernetesExecutors.create(client.get(), kubernetes, s3, config, store, logs, clock);
      executor.start();
      return executor;
    }
    return localExecutor(config, store, logs, identity, clock);
  }

  private static LocalExecutor localExecutor(
      LauncherConfig config,
      ObjectStore store,
      StepLogStore logs,
      LauncherIdentity identity,
      Clock clock) {
    LocalSettings settings =
        new LocalSettings(
            config.workDir(),
            config.workingDir().orElse(Path.of("").toAbsolutePath()),
            config.keepWorkDirs(),
            config.logTailBytes(),
            config.maxLogBytes());
    return new LocalExecutor(
        settings,
        store,
        new SecretResolver(config.secretsDir().orElse(null), System.getenv()),
        logs,
        identity.node(),
        config.maxParallelSteps(),
        clock,
        new GpuAllocator(GpuDiscovery.devices(config.gpus(), config.gpuProduct().orElse(""))),
        config.gpuFallback() == LauncherConfig.GpuFallback.CPU);
  }

  void close(@Disposes Executor executor) throws Exception {
    if (executor instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }
}
