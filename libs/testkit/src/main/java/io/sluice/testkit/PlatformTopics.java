package io.sluice.testkit;

import java.util.List;
import java.util.stream.Stream;

/**
 * The platform's Kafka topics and buckets, as {@code ./sluice up} and the Helm chart create them.
 * Kept here rather than taken from {@code libs/events} so that the test kit depends on no Sluice
 * module; a test in {@code libs/events} can check that both agree.
 */
public final class PlatformTopics {

  public static final String DATA = "sluice.data";
  public static final String RUNS = "sluice.runs";
  public static final String MODELS = "sluice.models";
  public static final String SERVING = "sluice.serving";
  public static final String PREDICTIONS = "sluice.predictions";
  public static final String BUCKET_EVENTS = "minio.bucket.events";

  /** The five services, each with its own dead-letter topic {@code sluice.dlq.<service>}. */
  public static final List<String> SERVICES =
      List.of("ingest", "orchestrator", "trainer-launcher", "registry", "serving-gateway");

  public static final String DATASETS_BUCKET = "datasets";
  public static final String ARTIFACTS_BUCKET = "artifacts";

  private PlatformTopics() {}

  /** The dead-letter topic of a service, e.g. {@code sluice.dlq.ingest}. */
  public static String deadLetter(String service) {
    return "sluice.dlq." + service;
  }

  /** Every topic the platform needs, dead-letter topics included. */
  public static List<String> all() {
    return Stream.concat(
            Stream.of(DATA, RUNS, MODELS, SERVING, PREDICTIONS, BUCKET_EVENTS),
            SERVICES.stream().map(PlatformTopics::deadLetter))
        .toList();
  }

  /** The buckets the platform needs. */
  public static List<String> buckets() {
    return List.of(DATASETS_BUCKET, ARTIFACTS_BUCKET);
  }
}
