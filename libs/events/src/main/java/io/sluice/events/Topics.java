package io.sluice.events;

/** Kafka topic names of the contract. Partition counts are configuration, names are not. */
public final class Topics {

  public static final String DATA = "sluice.data";
  public static final String RUNS = "sluice.runs";
  public static final String MODELS = "sluice.models";
  public static final String SERVING = "sluice.serving";
  public static final String PREDICTIONS = "sluice.predictions";

  /** Where MinIO publishes bucket notifications unless configured otherwise (input only). */
  public static final String MINIO_BUCKET_EVENTS = "minio.bucket.events";

  private static final String DLQ_PREFIX = "sluice.dlq.";

  private Topics() {}

  /** The dead-letter topic of one service, e.g. {@code sluice.dlq.ingest}. */
  public static String deadLetter(String service) {
    if (service == null || !service.matches("[a-z][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException("not a service name: " + service);
    }
    return DLQ_PREFIX + service;
  }

  /** Every topic the platform creates at set-up (without DLQs and the MinIO input topic). */
  public static java.util.List<String> platformTopics() {
    return java.util.List.of(DATA, RUNS, MODELS, SERVING, PREDICTIONS);
  }
}
