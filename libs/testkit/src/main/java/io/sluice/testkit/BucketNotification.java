package io.sluice.testkit;

/**
 * One MinIO bucket notification as it goes onto Kafka: MinIO's Kafka target sends no headers.
 *
 * @param recordKey {@code <bucket>/<raw object key>}
 * @param json the notification document {@code {"EventName","Key","Records":[...]}}
 */
record BucketNotification(String recordKey, String json) {}
