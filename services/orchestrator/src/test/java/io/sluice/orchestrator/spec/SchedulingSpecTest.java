package io.sluice.orchestrator.spec;

import static io.sluice.orchestrator.spec.TrainStepLines.assertRefused;
import static io.sluice.orchestrator.spec.TrainStepLines.trainWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.Scheduling;
import io.sluice.events.StepToleration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code scheduling} step key: what it reads, what it refuses, and version hashes. */
class SchedulingSpecTest {

  private final SpecParser parser = new SpecParser();

  private static String trainWith(String lines) {
    return SpecParserTest.MINIMAL.replace(
        "    outputs: [model]\n", "    outputs: [model]\n" + lines.indent(4));
  }

  private Scheduling schedulingOf(String lines) throws SpecException {
    return parser.parse(trainWith(lines)).step("train").orElseThrow().scheduling();
  }

  @Test
  void readsQueuePriorityNodeSelectorAndTolerations() throws Exception {
    Scheduling scheduling =
        schedulingOf(
            "scheduling:\n"
                + "  queue: team-a-gpus\n"
                + "  priority: 10\n"
                + "  nodeSelector: {disktype: nvme, example.com/zone: lab-2}\n"
                + "  tolerations: ['dedicated=ml:NoSchedule', 'nvidia.com/gpu:NoExecute']");

    assertThat(scheduling)
        .isEqualTo(
            new Scheduling(
                "team-a-gpus",
                10,
                Map.of("disktype", "nvme", "example.com/zone", "lab-2"),
                List.of(
                    new StepToleration("dedicated", "ml", "NoSchedule"),
                    new StepToleration("nvidia.com/gpu", null, "NoExecute"))));
  }

  @Test
  void withoutTheKeyThereIsNoSchedulingAndTheVersionHashIsUnchanged() throws Exception {
    PipelineSpec plain = parser.parse(SpecParserTest.MINIMAL);
    PipelineSpec scheduled = parser.parse(trainWith("scheduling: {queue: team-a}"));

    assertThat(plain.step("train").orElseThrow().scheduling()).isNull();
    assertThat(CanonicalSpec.json(plain)).doesNotContain("scheduling");
    assertThat(CanonicalSpec.version(scheduled)).isNotEqualTo(CanonicalSpec.version(plain));
    assertThat(CanonicalSpec.json(scheduled))
        .contains(
            "\"scheduling\":{\"nodeSelector\":{},\"priority\":0,\"queue\":\"team-a\",\"tolerations\":[]}");
  }

  @Test
  void refusesUnknownKeysBadQueuesBadTolerationsAndBadLabels() {
    assertRefused("scheduling:\n  queu: a", 16, "queu");
    assertRefused("scheduling:\n  queue: Team_A", 16, "queue must be a Kubernetes name");
    assertRefused("scheduling:\n  tolerations: ['gpu']", 16, "key[=value]:Effect");
    assertRefused("scheduling:\n  tolerations: ['gpu:Sometimes']", 16, "key[=value]:Effect");
    assertRefused("scheduling:\n  nodeSelector: {'bad key!': x}", 16, "not a Kubernetes label");
    assertRefused("scheduling:\n  nodeSelector: {zone: 'a b'}", 16, "not a Kubernetes label");
    assertRefused("scheduling:\n  priority: 100000", 16, "priority");
    assertRefused("scheduling: [queue]", 15, "scheduling");
  }

  @Test
  void pipelineSchedulingIsEveryStepsStartAndAStepAddsToIt() throws Exception {
    String yaml =
        trainWith(
                "scheduling:\n"
                    + "  queue: urgent\n"
                    + "  nodeSelector: {disktype: nvme}\n"
                    + "  tolerations: ['spot:NoSchedule']")
            .replace(
                "params: {seed: 7}\n",
                "params: {seed: 7}\n"
                    + "scheduling:\n"
                    + "  queue: team-a\n"
                    + "  priority: 3\n"
                    + "  nodeSelector: {zone: lab-2}\n"
                    + "  tolerations: ['dedicated=ml:NoSchedule']\n");

    PipelineSpec spec = parser.parse(yaml);

    assertThat(spec.step("split").orElseThrow().scheduling())
        .isEqualTo(
            new Scheduling(
                "team-a",
                3,
                Map.of("zone", "lab-2"),
                List.of(new StepToleration("dedicated", "ml", "NoSchedule"))));
    assertThat(spec.step("train").orElseThrow().scheduling())
        .isEqualTo(
            new Scheduling(
                "urgent",
                3,
                Map.of("zone", "lab-2", "disktype", "nvme"),
                List.of(
                    new StepToleration("dedicated", "ml", "NoSchedule"),
                    new StepToleration("spot", null, "NoSchedule"))));
  }

  @Test
  void refusesTooManySelectorEntries() {
    StringBuilder many = new StringBuilder("scheduling:\n  nodeSelector:\n");
    for (int i = 0; i <= SchedulingParser.MAX_ENTRIES; i++) {
      many.append("    k").append(i).append(": v\n");
    }

    assertRefused(many.toString(), 17, "at most " + SchedulingParser.MAX_ENTRIES);
  }
}
