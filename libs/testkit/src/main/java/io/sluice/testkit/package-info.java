/**
 * Real servers for Sluice's tests and local mode, started without Docker on free ports.
 *
 * <ul>
 *   <li>{@link io.sluice.testkit.EmbeddedKafka}: a one-node KRaft broker in this JVM.
 *   <li>{@link io.sluice.testkit.EmbeddedS3}: S3Proxy that publishes MinIO-format bucket
 *       notifications to Kafka.
 *   <li>{@link io.sluice.testkit.TestPostgres}: embedded PostgreSQL 17, or the server named by
 *       {@code SLUICE_TEST_PG_URL}.
 *   <li>{@link io.sluice.testkit.SluiceInfra}: all three once per test JVM, with the platform's
 *       topics and buckets; {@link io.sluice.testkit.SluiceInfraResource} hands it to Quarkus
 *       tests.
 * </ul>
 *
 * <p>The same servers run as local-mode processes through {@code io.sluice.testkit.local}.
 */
package io.sluice.testkit;
