package io.sluice.orchestrator.pipeline;

import io.sluice.eventing.Transactor;
import io.sluice.orchestrator.schedule.ScheduleLoop;
import io.sluice.orchestrator.schedule.ScheduleStore;
import io.sluice.orchestrator.spec.CanonicalSpec;
import io.sluice.orchestrator.spec.PipelineSpec;
import io.sluice.orchestrator.spec.SpecException;
import io.sluice.orchestrator.spec.SpecParser;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Registers pipeline specs (idempotently, by content) and looks them up. */
@ApplicationScoped
public class PipelineRegistry {

  private static final Logger LOG = Logger.getLogger(PipelineRegistry.class);

  private final Transactor transactor;
  private final StepImages images;
  private final PipelineStore store = new PipelineStore();
  private final SeenDatasets seenDatasets = new SeenDatasets();
  private final SpecParser parser = new SpecParser();
  private final ScheduleStore schedules = new ScheduleStore();
  private final ScheduleLoop scheduleLoop;

  private final RegistrationListener listener;

  public PipelineRegistry(
      Transactor transactor,
      StepImages images,
      ScheduleLoop scheduleLoop,
      RegistrationListener listener) {
    this.transactor = transactor;
    this.images = images;
    this.scheduleLoop = scheduleLoop;
    this.listener = listener;
  }

  /**
   * What a registration did.
   *
   * @param warnings what the person registering should check; empty when nothing
   * @param startedRun the run the registration started ({@code trigger.onRegister}), or null
   */
  public record Registration(
      StoredPipeline pipeline, boolean created, List<String> warnings, String startedRun) {}

  /**
   * Parses, validates and stores a spec whose step images are all allowed. The same spec again
   * (however formatted) creates nothing; a spec equal to an older version makes that version the
   * latest again.
   *
   * @param subject who registers it (recorded with the version)
   */
  public Registration register(String yaml, String subject) throws SpecException {
    PipelineSpec spec = parser.parse(yaml);
    images.check(spec);
    String version = CanonicalSpec.version(spec);
    String canonical = CanonicalSpec.json(spec);
    Registration registration =
        transactor.inTransaction(
            connection -> {
              boolean created =
                  store.insert(
                      connection,
                      spec.name(),
                      version,
                      spec.triggerDataset(),
                      canonical,
                      yaml,
                      subject);
              if (!created && !isLatest(store.latest(connection, spec.name()), version)) {
                store.activate(connection, spec.name(), version, subject);
              }
              // The version is now the latest: its schedules are the pipeline's.
              schedules.plan(
                  connection, spec.name(), version, spec.start().schedules(), Instant.now());
              List<String> warnings =
                  seenDatasets.seen(connection, spec.triggerDataset())
                      ? List.of()
                      : List.of(unseenDataset(spec.triggerDataset()));
              warnings.forEach(warning -> LOG.warnf("pipeline %s: %s", spec.name(), warning));
              StoredPipeline stored = store.find(connection, spec.name(), version).orElseThrow();
              String startedRun = listener.registered(connection, stored, spec).orElse(null);
              return new Registration(stored, created, warnings, startedRun);
            });
    scheduleLoop.wake();
    return registration;
  }

  /**
   * Not a refusal: a pipeline is often registered before its dataset's first drop (the demo and the
   * bootstrap do so), and the orchestrator cannot ask ingest which datasets exist.
   */
  private static String unseenDataset(String dataset) {
    return "no version of dataset '"
        + dataset
        + "' has arrived yet; the pipeline runs when one does. If the name is a typo, no run will"
        + " ever start: compare it with GET /api/v1/datasets on ingest";
  }

  private static boolean isLatest(Optional<StoredPipeline> latest, String version) {
    return latest.map(pipeline -> pipeline.version().equals(version)).orElse(false);
  }

  public Optional<StoredPipeline> latest(String name) {
    return transactor.inTransaction(connection -> store.latest(connection, name));
  }

  public List<StoredPipeline> all() {
    return transactor.inTransaction(store::allLatest);
  }
}
