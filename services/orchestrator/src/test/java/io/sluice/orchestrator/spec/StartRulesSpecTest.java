package io.sluice.orchestrator.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * {@code trigger.schedules}, {@code trigger.pipeline} and {@code upstream.<step>.<output>} inputs:
 * what they read, what they refuse (with the line), and version hashes.
 */
class StartRulesSpecTest {

  private final SpecParser parser = new SpecParser();

  /** MINIMAL with its trigger line replaced (line 2) and {@code extra} lines after params. */
  private static String with(String trigger, String extra) {
    return SpecParserTest.MINIMAL
        .replace("trigger: {dataset: iris}\n", trigger)
        .replace("params: {seed: 7}\n", "params: {seed: 7}\n" + extra);
  }

  private static String scheduled(String schedules) {
    return with("trigger:\n  dataset: iris\n  schedules:\n" + schedules.indent(4), "");
  }

  private void assertRefused(String yaml, int line, String problem) {
    assertThatThrownBy(() -> parser.parse(yaml))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(((SpecException) e).line()).as(e.getMessage()).isEqualTo(line));
  }

  @Test
  void readsSchedulesWithZoneAndPolicyAndDefaultsToUtcAndAllow() throws Exception {
    PipelineSpec spec =
        parser.parse(
            scheduled(
                "- {name: nightly, cron: \"0 2 * * *\", timezone: Europe/Paris,"
                    + " concurrency: forbid}\n- {name: hourly, cron: \"0 * * * *\"}"));

    assertThat(spec.start().schedules())
        .extracting(
            ScheduleSpec::name,
            s -> s.cron().text(),
            ScheduleSpec::timezone,
            ScheduleSpec::concurrency,
            ScheduleSpec::line)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "nightly", "0 2 * * *", "Europe/Paris", ConcurrencyPolicy.FORBID, 5),
            org.assertj.core.groups.Tuple.tuple(
                "hourly", "0 * * * *", "UTC", ConcurrencyPolicy.ALLOW, 6));
    assertThat(spec.start().startsOnArrival()).isFalse();
  }

  @Test
  void readsAnUpstreamPipelineAndUpstreamInputs() throws Exception {
    String yaml =
        with("trigger: {dataset: iris, pipeline: iris-features}\n", "")
            .replace(
                "inputs: {data: dataset}", "inputs: {data: dataset, model: upstream.train.model}");
    PipelineSpec spec = parser.parse(yaml);

    assertThat(spec.start().upstreamPipeline()).isEqualTo("iris-features");
    InputRef model = spec.step("split").orElseThrow().inputs().get("model");
    assertThat(model.isUpstream()).isTrue();
    assertThat(model.upstreamStep()).isEqualTo("train");
    assertThat(model.text()).isEqualTo("upstream.train.model");
    // The upstream run's steps are not steps of this run: split still starts at once.
    assertThat(spec.step("split").orElseThrow().upstreamSteps()).isEmpty();
  }

  /** The hash a spec had before these keys existed (CanonicalSpecTest pins the same value). */
  @Test
  void specsWithoutTheseKeysKeepTheirVersionAndStartOnArrival() throws Exception {
    PipelineSpec plain = parser.parse(SpecParserTest.MINIMAL);

    assertThat(CanonicalSpec.version(plain))
        .isEqualTo("2085969e625daf4bdf651353d6cb3d280b4033d81c93ccdecf35b79ada6b71e2");
    assertThat(CanonicalSpec.json(plain))
        .doesNotContain("schedules", "concurrency", "\"pipeline\"");
    assertThat(plain.start()).isEqualTo(StartRules.NONE);
    assertThat(plain.start().startsOnArrival()).isTrue();
  }

  @Test
  void eachKeyIsPartOfTheVersionWhenWritten() throws Exception {
    String plain = CanonicalSpec.version(parser.parse(SpecParserTest.MINIMAL));
    PipelineSpec scheduled = parser.parse(scheduled("- {name: n, cron: \"0 2 * * *\"}"));
    PipelineSpec chained = parser.parse(with("trigger: {dataset: iris, pipeline: up}\n", ""));

    assertThat(CanonicalSpec.json(scheduled))
        .contains(
            "\"trigger\":{\"dataset\":\"iris\",\"schedules\":[{\"concurrency\":\"allow\","
                + "\"cron\":\"0 2 * * *\",\"name\":\"n\",\"timezone\":\"UTC\"}]}");
    assertThat(CanonicalSpec.json(chained))
        .contains("\"trigger\":{\"dataset\":\"iris\",\"pipeline\":\"up\"}");
    assertThat(java.util.stream.Stream.of(scheduled, chained).map(CanonicalSpec::version))
        .doesNotContain(plain)
        .doesNotHaveDuplicates();
  }

  @Test
  void refusesBadCronsWithTheirLine() {
    assertRefused(scheduled("- {name: n, cron: \"61 * * * *\"}"), 5, "five-field cron");
    assertRefused(scheduled("- {name: n, cron: \"* * * *\"}"), 5, "five-field cron");
    assertRefused(scheduled("- {name: n, cron: \"0 0 2 * * *\"}"), 5, "five-field cron");
    assertRefused(scheduled("- {name: n, cron: \"@reboot\"}"), 5, "five-field cron");
    assertRefused(scheduled("- {name: n, cron: \"\"}"), 5, "must not be blank");
    assertRefused(scheduled("- {name: n, cron: [0, 2]}"), 5, "cron must be a string");
    assertRefused(scheduled("- {name: n, cron: \"" + "1,".repeat(80) + "1 * * * *\"}"), 5, "cron");
  }

  @Test
  void refusesUnknownZonesPoliciesAndKeys() {
    assertRefused(scheduled("- {name: n, cron: \"0 2 * * *\", timezone: Mars/Olympus}"), 5, "IANA");
    assertRefused(scheduled("- {name: n, cron: \"0 2 * * *\", timezone: \"+02:00\"}"), 5, "IANA");
    assertRefused(
        scheduled("- {name: n, cron: \"0 2 * * *\", timezone: \"../../etc\"}"), 5, "IANA");
    assertRefused(
        scheduled("- {name: n, cron: \"0 2 * * *\", concurrency: skip}"),
        5,
        "concurrency must be allow, forbid or replace");
    assertRefused(
        scheduled("- {name: n, cron: \"0 2 * * *\", every: 5m}"), 5, "unknown key 'every'");
    assertRefused(scheduled("- {cron: \"0 2 * * *\"}"), 5, "needs 'name'");
    assertRefused(scheduled("- {name: \"Bad Name\", cron: \"0 2 * * *\"}"), 5, "schedule name");
    assertRefused(with("trigger: {dataset: iris, cron: x}\n", ""), 2, "unknown key 'cron'");
  }

  @Test
  void refusesDuplicateNamesAndTooManySchedules() {
    assertRefused(
        scheduled("- {name: n, cron: \"0 2 * * *\"}\n- {name: n, cron: \"0 3 * * *\"}"),
        6,
        "duplicate schedule name 'n' (first on line 5)");
    String many =
        java.util.stream.IntStream.range(0, TriggerParser.MAX_SCHEDULES + 1)
            .mapToObj(i -> "- {name: s" + i + ", cron: \"0 2 * * *\"}")
            .reduce("", (a, b) -> a + b + "\n");
    assertRefused(scheduled(many), 5, "1 to 20 schedules");
    assertRefused(with("trigger:\n  dataset: iris\n  schedules: []\n", ""), 4, "1 to 20");
    assertRefused(with("trigger:\n  dataset: iris\n  schedules: {n: x}\n", ""), 4, "a list");
  }

  @Test
  void refusesSelfChainsAndUpstreamInputsWithoutAnUpstream() {
    assertRefused(
        with("trigger: {dataset: iris, pipeline: demo}\n", ""), 2, "names this pipeline itself");
    assertRefused(
        with("trigger: {dataset: iris, pipeline: \"Not A Name\"}\n", ""), 2, "trigger pipeline");
    String unchainedReader =
        SpecParserTest.MINIMAL.replace(
            "inputs: {data: dataset}", "inputs: {data: dataset, m: upstream.train.model}");
    assertRefused(unchainedReader, 8, "has no 'trigger.pipeline'");
    String chained =
        with("trigger: {dataset: iris, pipeline: up}\n", "")
            .replace("inputs: {data: dataset}", "inputs: {data: dataset, m: upstream.train}");
    assertRefused(chained, 8, "'upstream.<step>.<output>'");
    assertRefused(
        chained.replace("upstream.train}", "upstream.train.model.x}"), 8, "upstream.<step>");
    assertRefused(chained.replace("upstream.train}", "upstream..model}"), 8, "upstream.<step>");
  }
}
