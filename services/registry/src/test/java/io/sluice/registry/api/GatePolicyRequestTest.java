package io.sluice.registry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.events.GateRule;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The strict reading of a gate policy body: exactly the documented shape, or a clear 400. */
class GatePolicyRequestTest {

  @Test
  void readsRulesInThePipelineGateVocabulary() {
    List<GateRule> rules =
        GatePolicyRequest.rules(
            body(
                "{\"rules\": [{\"metric\": \"accuracy\", \"min\": 0.9, \"minGainOverChampion\": 0},"
                    + " {\"metric\": \"log_loss\", \"min\": null, \"max\": 0.5}]}"));

    assertThat(rules)
        .containsExactly(
            new GateRule("accuracy", 0.9, null, 0.0), new GateRule("log_loss", null, 0.5));
  }

  @Test
  void emptyRulesAreAPolicyWithoutMinimum() {
    assertThat(GatePolicyRequest.rules(body("{\"rules\": []}"))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown top-level field | {\"rules\": [], \"owner\": \"me\"} | unknown field 'owner' in the body",
        "unknown rule field (typo) | {\"rules\": [{\"metric\": \"a\", \"mni\": 0.9}]} | unknown field 'mni' in rules[0]",
        "quoted number | {\"rules\": [{\"metric\": \"a\", \"min\": \"0.9\"}]} | rules[0].min must be a finite number",
        "boolean bound | {\"rules\": [{\"metric\": \"a\", \"max\": true}]} | rules[0].max must be a finite number",
        "NaN literal | {\"rules\": [{\"metric\": \"a\", \"min\": NaN}]} | not valid JSON",
        "overflow to infinity | {\"rules\": [{\"metric\": \"a\", \"min\": 1e999}]} | rules[0].min must be a finite number",
        "infinite gain | {\"rules\": [{\"metric\": \"a\", \"minGainOverChampion\": -1e400}]} | rules[0].minGainOverChampion must be a finite number",
        "duplicate key in rule | {\"rules\": [{\"metric\": \"a\", \"min\": 0.9, \"min\": 0.1}]} | Duplicate field 'min'",
        "duplicate top-level key | {\"rules\": [], \"rules\": []} | Duplicate field 'rules'",
        "empty metric | {\"rules\": [{\"metric\": \"\", \"min\": 0.9}]} | rules[0].metric must be a non-blank string",
        "blank metric | {\"rules\": [{\"metric\": \"   \", \"min\": 0.9}]} | rules[0].metric must be a non-blank string",
        "numeric metric | {\"rules\": [{\"metric\": 7, \"min\": 0.9}]} | rules[0].metric must be a non-blank string",
        "missing metric | {\"rules\": [{\"min\": 0.9}]} | rules[0].metric must be a non-blank string",
        "control character in metric | {\"rules\": [{\"metric\": \"acc\\u0000\", \"min\": 0.9}]} | has control characters",
        "rule without any bound | {\"rules\": [{\"metric\": \"a\"}]} | rules[0]: gate rule for 'a' needs a min or a max",
        "min above max | {\"rules\": [{\"metric\": \"a\", \"min\": 0.9, \"max\": 0.1}]} | has min 0.9 above max 0.1",
        "two rules for one metric | {\"rules\": [{\"metric\": \"a\", \"min\": 0.9}, {\"metric\": \"a\", \"max\": 1}]} | metric 'a' already has rules[0]",
        "rules not an array | {\"rules\": {\"metric\": \"a\", \"min\": 0.9}} | rules must be an array",
        "rules missing | {} | rules must be an array",
        "rule not an object | {\"rules\": [\"accuracy >= 0.9\"]} | rules[0] must be an object",
        "array body | [] | the body must be a JSON object",
        "string body | \"rules\" | the body must be a JSON object",
        "trailing garbage | {\"rules\": []} x | not valid JSON",
        "truncated | {\"rules\": [ | not valid JSON",
      })
  void refusesBadBody(String what, String json, String detail) {
    assertThatThrownBy(() -> GatePolicyRequest.rules(body(json)))
        .as(what)
        .isInstanceOf(ProblemException.class)
        .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(400))
        .hasMessageContaining(detail);
  }

  @Test
  void refusesAnEmptyBody() {
    assertThatThrownBy(() -> GatePolicyRequest.rules(body("")))
        .hasMessageContaining("the body must be a JSON object");
  }

  @Test
  void refusesMalformedUtf8() {
    byte[] bytes =
        "{\"rules\": [{\"metric\": \"a\u00e9\", \"min\": 1}]}"
            .getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> GatePolicyRequest.rules(new ByteArrayInputStream(bytes)))
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void refusesAnOversizedBodyWithoutReadingItAll() {
    String padding = " ".repeat(GatePolicyRequest.MAX_BYTES);

    assertThatThrownBy(() -> GatePolicyRequest.rules(body("{\"rules\": []" + padding + "}")))
        .hasMessageContaining("at most " + GatePolicyRequest.MAX_BYTES + " bytes");
  }

  @Test
  void refusesTooManyRules() {
    StringBuilder json = new StringBuilder("{\"rules\": [");
    for (int i = 0; i <= GatePolicyRequest.MAX_RULES; i++) {
      json.append(i == 0 ? "" : ",").append("{\"metric\": \"m").append(i).append("\", \"min\": 0}");
    }
    json.append("]}");

    assertThatThrownBy(() -> GatePolicyRequest.rules(body(json.toString())))
        .hasMessageContaining("at most " + GatePolicyRequest.MAX_RULES + " rules");
  }

  @Test
  void refusesAnOverlongMetricNameWithoutEchoingIt() {
    String name = "m".repeat(GatePolicyRequest.MAX_METRIC_CHARS + 1);

    assertThatThrownBy(
            () ->
                GatePolicyRequest.rules(
                    body("{\"rules\": [{\"metric\": \"" + name + "\", \"min\": 0}]}")))
        .hasMessageContaining("is too long")
        .hasMessageNotContaining(name);
  }

  private static InputStream body(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }
}
