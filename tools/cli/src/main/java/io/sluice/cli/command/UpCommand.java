package io.sluice.cli.command;

import io.sluice.cli.CliException;
import io.sluice.cli.config.Component;
import io.sluice.cli.config.Components;
import io.sluice.cli.config.Settings;
import io.sluice.cli.health.HealthChecks;
import io.sluice.cli.health.KafkaAdmin;
import io.sluice.cli.infra.Artifacts;
import io.sluice.cli.infra.Launches;
import io.sluice.cli.process.ProcessLauncher;
import io.sluice.cli.provision.BucketPlan;
import io.sluice.cli.provision.LocalTopics;
import io.sluice.cli.provision.Outcome;
import io.sluice.cli.provision.S3Buckets;
import io.sluice.cli.security.LocalTokens;
import io.sluice.eventing.TopicProvisioner;
import io.sluice.eventing.TopicProvisioner.TopicProvisioningException;
import io.sluice.storage.StorageClient;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * {@code up}: Kafka, then its topics; S3 and Postgres, then the buckets; then the services. Each
 * stage waits until what it started is ready, so a failure points at one component. What already
 * runs is left alone, which makes {@code up} safe to repeat.
 */
public final class UpCommand {

  private final Settings settings;
  private final PrintStream out;
  private final Artifacts artifacts;
  private final ProcessLauncher launcher = new ProcessLauncher();

  public UpCommand(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
    this.artifacts = new Artifacts(settings);
  }

  public int run(boolean infraOnly) {
    requireBuilt(!infraOnly);
    try (KafkaAdmin kafka = new KafkaAdmin(settings.kafkaBootstrap())) {
      ComponentStarter starter =
          new ComponentStarter(
              settings,
              launcher,
              new Launches(settings, artifacts, launcher),
              new HealthChecks(settings, kafka),
              out);
      List<Component> wanted =
          infraOnly ? Components.infrastructure(settings) : Components.all(settings);
      PortCheck.requireFree(wanted.stream().filter(c -> !starter.isRunning(c)).toList(), settings);

      prepareTokens();
      starter.startAll(List.of(component(Components.KAFKA)));
      createTopics(kafka);
      starter.startAll(List.of(component(Components.S3), component(Components.POSTGRES)));
      createBuckets();
      if (!infraOnly) {
        starter.startAll(Components.services(settings));
      }
    }
    Endpoints.print(settings, !infraOnly, out);
    return 0;
  }

  /** The signing key the services verify tokens with, and a fresh admin token for the CLI. */
  private void prepareTokens() {
    boolean created = new LocalTokens(settings.stateDir()).prepare();
    report(
        "tokens",
        (created ? "created a signing key; " : "")
            + "admin token in "
            + settings.stateDir().adminToken()
            + " (./sluice token prints others)");
  }

  private void createTopics(KafkaAdmin kafka) {
    try {
      List<Outcome> outcomes =
          new TopicProvisioner(kafka.admin())
                  .ensure(
                      LocalTopics.plan(Components.SERVICES),
                      Instant.now().plus(settings.startTimeout()))
                  .stream()
                  .map(state -> Outcome.valueOf(state.outcome().name()))
                  .toList();
      report("topics", summary(outcomes));
    } catch (TopicProvisioningException e) {
      throw new CliException("could not create the Kafka topics: " + e.getMessage(), e);
    }
  }

  private void createBuckets() {
    try (StorageClient storage = StorageClient.create(settings.storage())) {
      S3Buckets buckets = new S3Buckets(storage);
      List<Outcome> outcomes = BucketPlan.buckets().stream().map(buckets::ensure).toList();
      report("buckets", summary(outcomes) + " (" + String.join(", ", BucketPlan.buckets()) + ")");
    }
  }

  private void requireBuilt(boolean withServices) {
    List<String> missing = artifacts.missing(withServices);
    if (!missing.isEmpty()) {
      throw new CliException(
          "cannot start local mode; these are not built:\n  - "
              + String.join("\n  - ", missing)
              + "\nBuild them with ./sluice up --rebuild"
              + " (or ./mvnw -B -DskipTests install).");
    }
  }

  private Component component(String name) {
    return Components.byName(settings, name).orElseThrow();
  }

  private static String summary(Collection<Outcome> outcomes) {
    long created = outcomes.stream().filter(o -> o == Outcome.CREATED).count();
    return created + " created, " + (outcomes.size() - created) + " already there";
  }

  private void report(String what, String detail) {
    out.printf("%-17s %s%n", what, detail);
    out.flush();
  }
}
