package io.sluice.registry.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.eventing.TransactionFailedException;
import io.sluice.eventing.Transactor;
import io.sluice.events.ModelCandidate;
import io.sluice.events.Verdict;
import io.sluice.registry.Candidates;
import io.sluice.testkit.SluiceInfraResource;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Version numbers stay gap-free and unique when registrations of one model race. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class VersionNumberingIT {

  private static final int RACERS = 8;

  @Inject Transactor transactor;
  @Inject VersionStore store;
  @Inject VersionQueries queries;

  @Test
  void concurrentRegistrationsOfOneModelGetDistinctConsecutiveNumbers() throws Exception {
    String model = Candidates.uniqueModel();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(RACERS);
    try {
      List<Future<Integer>> numbers = new ArrayList<>();
      for (int i = 0; i < RACERS; i++) {
        numbers.add(pool.submit(() -> registerAfter(start, model)));
      }
      start.countDown();
      List<Integer> got = new ArrayList<>();
      for (Future<Integer> number : numbers) {
        got.add(number.get(60, TimeUnit.SECONDS));
      }
      assertThat(got).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
    } finally {
      pool.shutdownNow();
    }
    List<ModelVersion> stored =
        transactor.inTransaction(c -> queries.versions(c, model, 0, RACERS + 1));
    assertThat(stored).extracting(ModelVersion::version).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
  }

  @Test
  void databaseRefusesASecondVersionForTheSameRun() {
    String model = Candidates.uniqueModel();
    ModelCandidate candidate = Candidates.passing(model, Candidates.uniqueRun());
    transactor.run(c -> store.insert(c, version(candidate, store.lockModel(c, model) + 1)));

    assertThatThrownBy(
            () ->
                transactor.run(
                    c -> store.insert(c, version(candidate, store.lockModel(c, model) + 1))))
        .isInstanceOf(TransactionFailedException.class)
        .hasMessageContaining("model_versions_model_name_run_id_key");
  }

  private int registerAfter(CountDownLatch start, String model) throws InterruptedException {
    start.await();
    ModelCandidate candidate = Candidates.passing(model, Candidates.uniqueRun());
    return transactor.inTransaction(
        c -> {
          ModelVersion version = version(candidate, store.lockModel(c, model) + 1);
          store.insert(c, version);
          return version.version();
        });
  }

  private static ModelVersion version(ModelCandidate candidate, int number) {
    return new ModelVersion(
        candidate.modelName(),
        number,
        UUID.randomUUID().toString(),
        candidate.runId(),
        candidate.artifact(),
        candidate.signature(),
        candidate.metrics(),
        candidate.gate(),
        Verdict.APPROVED,
        List.of(),
        List.of("no gate rules to apply"),
        candidate.lineage(),
        null,
        null,
        null,
        null);
  }
}
