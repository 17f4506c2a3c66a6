package io.sluice.orchestrator.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sluice.events.GateRule;
import io.sluice.events.RolloutAnalysis;
import io.sluice.events.RolloutSpec;
import io.sluice.events.RolloutStrategy;
import io.sluice.events.Scheduling;
import io.sluice.events.SecretRef;
import io.sluice.events.StepToleration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The normalised form of a spec: canonical JSON (sorted keys, defaults applied, no layout or
 * comments) and its sha256, which is the pipeline version. Two specs that mean the same thing have
 * the same version however they were formatted.
 */
public final class CanonicalSpec {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private CanonicalSpec() {}

  /** The canonical JSON text of the spec. */
  public static String json(PipelineSpec spec) {
    try {
      return JSON.writeValueAsString(tree(spec));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of maps, lists and strings always serialises", e);
    }
  }

  /** The pipeline version: sha256 (hex) of the canonical JSON. */
  public static String version(PipelineSpec spec) {
    return sha256(json(spec));
  }

  /** The canonical tree (maps, lists, strings, numbers), e.g. to return over REST. */
  public static Map<String, Object> tree(PipelineSpec spec) {
    Map<String, Object> tree = new TreeMap<>();
    tree.put("name", spec.name());
    tree.put("trigger", trigger(spec));
    tree.put("params", new TreeMap<>(spec.params()));
    List<Object> steps = new ArrayList<>();
    spec.steps().forEach(step -> steps.add(step(step)));
    tree.put("steps", steps);
    if (spec.model() != null) {
      tree.put("model", model(spec.model()));
    }
    // Only when written, so that specs from before run timeouts existed keep their version hash.
    if (spec.timeoutSeconds() != null) {
      tree.put("timeoutSeconds", spec.timeoutSeconds());
    }
    // Only when written, so that specs from before run limits existed keep their version hash.
    if (spec.runLimit() != null) {
      tree.put("concurrency", Map.of("limit", spec.runLimit()));
    }
    return tree;
  }

  /**
   * The dataset, and schedules, an upstream pipeline and {@code onRegister} only when written
   * (stable hashes).
   */
  private static Map<String, Object> trigger(PipelineSpec spec) {
    Map<String, Object> tree = new TreeMap<>();
    tree.put("dataset", spec.triggerDataset());
    StartRules start = spec.start();
    if (!start.schedules().isEmpty()) {
      tree.put("schedules", start.schedules().stream().map(CanonicalSpec::schedule).toList());
    }
    if (start.upstreamPipeline() != null) {
      tree.put("pipeline", start.upstreamPipeline());
    }
    if (spec.runOnRegister()) {
      tree.put("onRegister", "latest");
    }
    return tree;
  }

  private static Map<String, Object> schedule(ScheduleSpec schedule) {
    return new TreeMap<>(
        Map.of(
            "name", schedule.name(),
            "cron", schedule.cron().text(),
            "timezone", schedule.timezone(),
            "concurrency", schedule.concurrency().text()));
  }

  private static Map<String, Object> step(StepSpec step) {
    Map<String, Object> tree = new TreeMap<>();
    tree.put("name", step.name());
    tree.put("image", step.image());
    tree.put("command", step.command());
    Map<String, String> inputs = new TreeMap<>();
    step.inputs().forEach((name, ref) -> inputs.put(name, ref.text()));
    tree.put("inputs", inputs);
    tree.put("outputs", step.outputs());
    tree.put("resources", resources(step.resources()));
    tree.put("retries", step.retries());
    // Only when written: specs registered before backoff existed keep their version hash.
    if (!step.retryBackoff().isImmediate()) {
      tree.put("retryBackoff", retryBackoff(step.retryBackoff()));
    }
    tree.put("timeoutSeconds", step.timeoutSeconds());
    tree.put("env", new TreeMap<>(step.env()));
    // Only when written, so that specs from before scheduling existed keep their version hash.
    if (step.scheduling() != null) {
      tree.put("scheduling", scheduling(step.scheduling()));
    }
    // Only when written, so that specs from before secrets existed keep their version hash.
    if (!step.secretRefs().isEmpty()) {
      List<Map<String, Object>> refs =
          new ArrayList<>(step.secretRefs().stream().map(CanonicalSpec::secretRef).toList());
      // Each env and file is set once, so the order means nothing: sorted by what is set.
      refs.sort(
          Comparator.comparing(ref -> ref.getOrDefault("env", "/" + ref.get("file")).toString()));
      tree.put("secretRefs", refs);
    }
    // Only when the step opts out: specs that do not say keep their version hash, and "cache: true"
    // means what saying nothing means.
    if (!step.cache()) {
      tree.put("cache", false);
    }
    // Only when written, so that specs from before fan-outs existed keep their version hash.
    if (step.fanOut() != null) {
      tree.put("fanOut", fanOut(step.fanOut()));
    }
    // Only when written, so that specs from before conditions existed keep their version hash.
    if (step.when() != null) {
      tree.put("when", step.when().text());
    }
    // Only when written, so that specs from before retryOn existed keep their version hash.
    if (step.retryOn() != null) {
      tree.put("retryOn", retryOn(step.retryOn()));
    }
    return tree;
  }

  private static Map<String, Object> fanOut(FanOut fanOut) {
    Map<String, Object> tree = new TreeMap<>();
    if (fanOut.over() != null) {
      tree.put("over", fanOut.over());
    } else {
      // Item order is meaningful (it numbers the instances); keys within an item are not.
      tree.put("items", fanOut.items().stream().map(TreeMap::new).toList());
    }
    if (fanOut.parallelism() > 0) {
      tree.put("parallelism", fanOut.parallelism());
    }
    return tree;
  }

  private static Map<String, Object> secretRef(SecretRef ref) {
    Map<String, Object> tree = new TreeMap<>();
    tree.put("secret", ref.secretName());
    tree.put("key", ref.key());
    if (ref.envVar() != null) {
      tree.put("env", ref.envVar());
    } else {
      tree.put("file", ref.file());
    }
    return tree;
  }

  private static Map<String, Object> scheduling(Scheduling scheduling) {
    Map<String, Object> tree = new TreeMap<>();
    if (scheduling.queue() != null) {
      tree.put("queue", scheduling.queue());
    }
    tree.put("priority", scheduling.priority());
    tree.put("nodeSelector", new TreeMap<>(scheduling.nodeSelector()));
    tree.put("tolerations", scheduling.tolerations().stream().map(StepToleration::text).toList());
    return tree;
  }

  private static Map<String, Object> resources(ResourceSpec resources) {
    Map<String, Object> gpu = new TreeMap<>();
    gpu.put("count", resources.gpuCount());
    if (resources.gpuType() != null) {
      gpu.put("type", resources.gpuType());
    }
    return new TreeMap<>(Map.of("cpu", resources.cpu(), "memory", resources.memory(), "gpu", gpu));
  }

  private static Map<String, Object> retryBackoff(RetryBackoff backoff) {
    return new TreeMap<>(
        Map.of(
            "initialSeconds", backoff.initialSeconds(),
            "factor", backoff.factor(),
            "maxSeconds", backoff.maxSeconds()));
  }

  private static Map<String, Object> retryOn(RetryOn retryOn) {
    Map<String, Object> tree = new TreeMap<>();
    if (retryOn.reasons() != null) {
      tree.put("reasons", retryOn.reasons().stream().map(Enum::name).sorted().toList());
    }
    if (retryOn.exitCodes() != null) {
      tree.put("exitCodes", List.copyOf(retryOn.exitCodes()));
    }
    return tree;
  }

  private static Map<String, Object> model(ModelSpec model) {
    List<Object> gate = new ArrayList<>();
    for (GateRule rule : model.gate()) {
      Map<String, Object> tree = new TreeMap<>();
      tree.put("metric", rule.metric());
      if (rule.min() != null) {
        tree.put("min", rule.min());
      }
      if (rule.max() != null) {
        tree.put("max", rule.max());
      }
      // Only when present, so that specs written before the key existed keep their hashes.
      if (rule.minGainOverChampion() != null) {
        tree.put("minGainOverChampion", rule.minGainOverChampion());
      }
      gate.add(tree);
    }
    Map<String, Object> tree =
        new TreeMap<>(
            Map.of(
                "name", model.name(),
                "artifact", model.artifact().text(),
                "metrics", model.metricsStep(),
                "gate", gate));
    // Only when written, so that specs from before rollouts existed keep their version hash.
    if (model.serving() != null) {
      tree.put("serving", serving(model.serving()));
    }
    return tree;
  }

  /**
   * With every default applied: a spec that writes a default means what one leaving it out does.
   */
  private static Map<String, Object> serving(RolloutSpec serving) {
    Map<String, Object> tree = new TreeMap<>();
    tree.put("strategy", serving.strategy().name().toLowerCase(Locale.ROOT));
    if (serving.strategy() != RolloutStrategy.IMMEDIATE) {
      tree.put("steps", serving.steps());
      tree.put("stepSeconds", serving.stepSeconds());
      tree.put("analysis", analysis(serving.analysis()));
    }
    if (serving.strategy() == RolloutStrategy.SHADOW) {
      tree.put("shadowPercent", serving.shadowPercent());
    }
    return tree;
  }

  /** A limit switched off is absent. */
  private static Map<String, Object> analysis(RolloutAnalysis analysis) {
    Map<String, Object> tree = new TreeMap<>();
    tree.put("minRequests", analysis.minRequests());
    tree.put("failedChecksToRollback", analysis.failedChecksToRollback());
    putLimit(tree, "maxErrorRate", analysis.maxErrorRate());
    putLimit(tree, "maxLatencyP99Millis", analysis.maxLatencyP99Millis());
    putLimit(tree, "maxErrorRateOverStable", analysis.maxErrorRateOverStable());
    putLimit(tree, "maxLatencyP99Ratio", analysis.maxLatencyP99Ratio());
    putLimit(tree, "minAgreement", analysis.minAgreement());
    // Only a tolerance other than the default is written, so that the hashes of pipelines from
    // before the tolerance existed stay what they were.
    if (!Objects.equals(
        analysis.latencyP99ToleranceMillis(),
        RolloutAnalysis.DEFAULT.latencyP99ToleranceMillis())) {
      tree.put(
          "latencyP99ToleranceMillis",
          analysis.latencyP99ToleranceMillis() == null
              ? "none"
              : analysis.latencyP99ToleranceMillis());
    }
    return tree;
  }

  private static void putLimit(Map<String, Object> tree, String key, Double limit) {
    if (limit != null) {
      tree.put(key, limit);
    }
  }

  /** sha256 (hex) of a string's UTF-8 bytes. */
  public static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
