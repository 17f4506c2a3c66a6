package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {

  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyTypeSurvivesEncodeAndDecodeUnchanged(EventType type) {
    EventEnvelope<EventData> sent =
        new EventEnvelope<>(
            UuidV7.nextString(),
            "/sluice/test",
            Samples.T0,
            "subject-1",
            "correlation-1",
            "cause-1",
            TRACEPARENT,
            Samples.of(type));

    Decoded decoded =
        EventCodec.decode(EventCodec.headers(sent), EventCodec.encodeData(sent.data()));

    assertThat(decoded)
        .asInstanceOf(type(Decoded.Event.class))
        .extracting(Decoded.Event::envelope)
        .isEqualTo(sent);
  }

  @Test
  void headersCarryTheCloudEventsAttributesAndExtensions() {
    EventEnvelope<StepDone> envelope =
        new EventEnvelope<>(
            "0193a1b2-0000-7000-8000-000000000001",
            "/sluice/trainer-launcher",
            Instant.parse("2026-11-22T10:15:30.120Z"),
            Samples.RUN,
            "dataset-version-1",
            "0193a1b2-0000-7000-8000-000000000000",
            TRACEPARENT,
            Samples.stepDone());

    assertThat(EventCodec.headers(envelope))
        .containsExactly(
            Map.entry("ce_specversion", "1.0"),
            Map.entry("ce_id", "0193a1b2-0000-7000-8000-000000000001"),
            Map.entry("ce_type", "io.sluice.step.done.v1"),
            Map.entry("ce_source", "/sluice/trainer-launcher"),
            Map.entry("ce_time", "2026-11-22T10:15:30.120Z"),
            Map.entry("ce_subject", Samples.RUN),
            Map.entry("ce_correlationid", "dataset-version-1"),
            Map.entry("ce_causationid", "0193a1b2-0000-7000-8000-000000000000"),
            Map.entry("traceparent", TRACEPARENT),
            Map.entry("content-type", "application/json"));
  }

  @Test
  void headersLeaveOutCausationAndTraceparentWhenAbsent() {
    EventEnvelope<DataArrived> first =
        EventEnvelope.first("ingest", "iris", null, Samples.dataArrived());
    EventEnvelope<DataArrived> untraced =
        new EventEnvelope<>(
            first.id(), first.source(), first.time(), "iris", first.id(), null, null, first.data());

    assertThat(EventCodec.headers(untraced))
        .doesNotContainKeys("ce_causationid", "traceparent")
        .containsEntry("ce_correlationid", first.id());
    assertThat(EventCodec.headers(first)).containsEntry("traceparent", first.traceparent());
  }

  @Test
  void dataIsPlainJsonWithIsoInstants() {
    String json =
        new String(
            EventCodec.encodeData(Samples.of(EventType.STEP_STARTED)), StandardCharsets.UTF_8);

    assertThat(json)
        .startsWith("{\"runId\":")
        .contains("\"startedAt\":\"2026-11-22T10:15:30.123456789Z\"")
        .doesNotContain("eventType");
  }

  @Test
  void unknownFieldsInDataAreIgnored() {
    ObjectNode data = Json.mapper().valueToTree(Samples.of(EventType.STEP_STARTED));
    data.put("addedInALaterRelease", "x");
    data.putObject("nested").put("also", 1);

    Decoded decoded = decode(headersFor(EventType.STEP_STARTED), data.toString());

    assertThat(decoded)
        .asInstanceOf(type(Decoded.Event.class))
        .extracting(e -> e.envelope().data())
        .isEqualTo(Samples.of(EventType.STEP_STARTED));
  }

  @Test
  void missingOptionalHeadersDecodeAsNull() {
    Map<String, String> headers = headersFor(EventType.RUN_SUCCEEDED);
    headers.remove("ce_causationid");
    headers.remove("traceparent");
    headers.remove("content-type");

    Decoded decoded = decode(headers, json(EventType.RUN_SUCCEEDED));

    assertThat(decoded)
        .asInstanceOf(type(Decoded.Event.class))
        .extracting(Decoded.Event::envelope)
        .satisfies(
            envelope -> {
              assertThat(envelope.causationId()).isNull();
              assertThat(envelope.traceparent()).isNull();
            });
  }

  @Test
  void aMalformedTraceparentIsDroppedAndTheEventStillDecodes() {
    Map<String, String> headers = headersFor(EventType.RUN_SUCCEEDED);
    headers.put("traceparent", "00-not-a-trace\r\ninjected: yes");

    Decoded decoded = decode(headers, json(EventType.RUN_SUCCEEDED));

    assertThat(decoded)
        .asInstanceOf(type(Decoded.Event.class))
        .extracting(e -> e.envelope().traceparent())
        .isNull();
  }

  @Test
  void typedAccessReturnsTheEnvelopeOnlyForItsOwnDataClass() {
    Decoded.Event event =
        (Decoded.Event) decode(headersFor(EventType.STEP_DONE), json(EventType.STEP_DONE));

    assertThat(event.type()).isEqualTo(EventType.STEP_DONE);
    assertThat(event.as(StepDone.class)).map(e -> e.data().node()).contains("orchestrator");
    assertThat(event.as(StepFailed.class)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ce_specversion",
        "ce_id",
        "ce_type",
        "ce_source",
        "ce_time",
        "ce_subject",
        "ce_correlationid"
      })
  void missingRequiredHeaderIsUnusableAndNamed(String header) {
    Map<String, String> headers = headersFor(EventType.STEP_DONE);
    headers.remove(header);

    assertUnusable(decode(headers, json(EventType.STEP_DONE)), "header " + header + " is missing");
  }

  @Test
  void blankRequiredHeaderIsUnusable() {
    Map<String, String> headers = headersFor(EventType.STEP_DONE);
    headers.put("ce_subject", " ");

    assertUnusable(decode(headers, json(EventType.STEP_DONE)), "header ce_subject is blank");
  }

  @ParameterizedTest
  @ValueSource(strings = {"io.sluice.data.arrived.v9", "io.sluice.data.exploded.v1", "whatever"})
  void unknownTypeOrVersionIsUnusable(String ceType) {
    Map<String, String> headers = headersFor(EventType.DATA_ARRIVED);
    headers.put("ce_type", ceType);

    assertUnusable(
        decode(headers, json(EventType.DATA_ARRIVED)),
        "header ce_type '" + ceType + "' is not a type this contract knows");
  }

  @Test
  void otherSpecVersionIsUnusable() {
    Map<String, String> headers = headersFor(EventType.DATA_ARRIVED);
    headers.put("ce_specversion", "0.3");

    assertUnusable(decode(headers, json(EventType.DATA_ARRIVED)), "ce_specversion is '0.3'");
  }

  @Test
  void timeThatIsNotRfc3339IsUnusable() {
    Map<String, String> headers = headersFor(EventType.DATA_ARRIVED);
    headers.put("ce_time", "22/11/2026 10:15");

    assertUnusable(decode(headers, json(EventType.DATA_ARRIVED)), "header ce_time");
  }

  @Test
  void timeWithOffsetIsReadAsTheSameInstant() {
    Map<String, String> headers = headersFor(EventType.DATA_ARRIVED);
    headers.put("ce_time", "2026-11-22T11:15:30.5+01:00");

    Decoded decoded = decode(headers, json(EventType.DATA_ARRIVED));

    assertThat(((Decoded.Event) decoded).envelope().time())
        .isEqualTo(Instant.parse("2026-11-22T10:15:30.5Z"));
  }

  @Test
  void nonJsonContentTypeIsUnusable() {
    Map<String, String> headers = headersFor(EventType.DATA_ARRIVED);
    headers.put("content-type", "application/avro");

    assertUnusable(decode(headers, json(EventType.DATA_ARRIVED)), "header content-type");
  }

  @Test
  void jsonContentTypeWithCharsetIsAccepted() {
    Map<String, String> headers = headersFor(EventType.DATA_ARRIVED);
    headers.put("content-type", "application/json; charset=utf-8");

    assertThat(decode(headers, json(EventType.DATA_ARRIVED))).isInstanceOf(Decoded.Event.class);
  }

  @Test
  void noHeadersAtAllIsUnusable() {
    assertUnusable(EventCodec.decode(null, new byte[] {'{', '}'}), "no headers");
  }

  @Test
  void emptyValueIsUnusable() {
    assertUnusable(
        EventCodec.decode(headersFor(EventType.STEP_DONE), new byte[0]), "the record has no value");
    assertUnusable(EventCodec.decode(headersFor(EventType.STEP_DONE), null), "no value");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"runId\": ", "not json", "{} trailing", "\u00ff\u00fe"})
  void unparseableJsonIsUnusable(String value) {
    assertUnusable(decode(headersFor(EventType.STEP_DONE), value), "is not valid JSON");
  }

  @Test
  void duplicateKeysAreUnusableNotLastOneWins() {
    ObjectNode data = Json.mapper().valueToTree(Samples.of(EventType.STEP_DONE));
    String json = data.toString();
    String twice = "{\"runId\":\"0190a0a0-0000-7000-8000-000000000000\"," + json.substring(1);

    assertUnusable(decode(headersFor(EventType.STEP_DONE), twice), "Duplicate field 'runId'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1, 2]", "42", "\"text\"", "null"})
  void jsonThatIsNotAnObjectIsUnusable(String value) {
    assertUnusable(decode(headersFor(EventType.STEP_DONE), value), "is not a JSON object");
  }

  @Test
  void dataViolatingTheSchemaIsUnusableWithTheFieldNamed() {
    ObjectNode data = Json.mapper().valueToTree(Samples.of(EventType.STEP_FAILED));
    data.put("attempt", "second");
    data.put("reason", "GREMLINS");

    Decoded decoded = decode(headersFor(EventType.STEP_FAILED), data.toString());

    assertUnusable(decoded, "does not match its schema");
    assertThat(((Decoded.Unusable) decoded).reason()).contains("attempt").contains("reason");
  }

  @Test
  void dataMissingARequiredFieldIsUnusable() {
    ObjectNode data = Json.mapper().valueToTree(Samples.of(EventType.MODEL_PROMOTED));
    data.remove("artifact");

    assertUnusable(
        decode(headersFor(EventType.MODEL_PROMOTED), data.toString()),
        "required property 'artifact' not found");
  }

  @Test
  void badTimestampInDataIsUnusable() {
    ObjectNode data = Json.mapper().valueToTree(Samples.of(EventType.STEP_STARTED));
    data.put("startedAt", "yesterday");

    assertUnusable(decode(headersFor(EventType.STEP_STARTED), data.toString()), "startedAt");
  }

  @Test
  void dataTheRecordRejectsIsUnusableWithTheRecordsMessage() {
    ObjectNode data = Json.mapper().valueToTree(Samples.of(EventType.STEP_STARTED));
    data.put("attempt", 0);

    assertUnusable(
        decode(headersFor(EventType.STEP_STARTED), data.toString()),
        "was rejected: attempt must be at least 1, got 0");
  }

  @Test
  void outputHashThatDoesNotMatchItsFilesIsUnusable() {
    ObjectNode data = Json.mapper().valueToTree(Samples.of(EventType.STEP_DONE));
    ((ObjectNode) data.get("outputs").get(0)).put("sha256", Samples.sha256("forged"));

    assertUnusable(
        decode(headersFor(EventType.STEP_DONE), data.toString()), "is not the hash of its files");
  }

  private static Map<String, String> headersFor(EventType type) {
    EventEnvelope<EventData> envelope =
        new EventEnvelope<>(
            UuidV7.nextString(),
            "/sluice/test",
            Samples.T0,
            "subject-1",
            "correlation-1",
            "cause-1",
            TRACEPARENT,
            Samples.of(type));
    return new HashMap<>(EventCodec.headers(envelope));
  }

  private static String json(EventType type) {
    return new String(EventCodec.encodeData(Samples.of(type)), StandardCharsets.UTF_8);
  }

  private static Decoded decode(Map<String, String> headers, String value) {
    return EventCodec.decode(headers, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertUnusable(Decoded decoded, String reasonPart) {
    assertThat(decoded)
        .asInstanceOf(type(Decoded.Unusable.class))
        .extracting(Decoded.Unusable::reason)
        .asString()
        .contains(reasonPart);
  }
}
