package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** A rule result's optional origin: absent for the pipeline's rules, as before it existed. */
class RuleResultTest {

  @Test
  void resultWithoutOriginIsWrittenAsBeforeTheFieldExisted() throws Exception {
    RuleResult result = RuleResult.of("accuracy", Comparison.AT_LEAST, 0.9, 0.95);

    String json = Json.mapper().writeValueAsString(result);

    assertThat(json)
        .isEqualTo(
            "{\"metric\":\"accuracy\",\"comparison\":\"AT_LEAST\",\"threshold\":0.9,"
                + "\"actual\":0.95,\"passed\":true}");
  }

  @Test
  void oldPayloadWithoutOriginReadsAsAPipelineRule() throws Exception {
    RuleResult read =
        Json.mapper()
            .readValue(
                "{\"metric\":\"log_loss\",\"comparison\":\"AT_MOST\",\"threshold\":0.5,"
                    + "\"actual\":null,\"passed\":false}",
                RuleResult.class);

    assertThat(read).isEqualTo(new RuleResult("log_loss", Comparison.AT_MOST, 0.5, null, false));
    assertThat(read.origin()).isNull();
  }

  @Test
  void registryResultSurvivesAJsonRoundTrip() throws Exception {
    RuleResult result =
        RuleResult.of("accuracy", Comparison.AT_LEAST, 0.95, 0.9).from(RuleOrigin.REGISTRY);

    String json = Json.mapper().writeValueAsString(result);

    assertThat(json).endsWith(",\"passed\":false,\"origin\":\"REGISTRY\"}");
    assertThat(Json.mapper().readValue(json, RuleResult.class)).isEqualTo(result);
  }

  @Test
  void schemaRefusesAnUnknownOrigin() {
    JsonNode evaluated = Json.mapper().valueToTree(Samples.of(EventType.MODEL_EVALUATED));
    ((ObjectNode) evaluated.get("results").get(0)).put("origin", "AUTHOR");

    assertThat(DataSchemas.violations(EventType.MODEL_EVALUATED, evaluated))
        .anySatisfy(line -> assertThat(line).contains("origin"));
  }
}
