package io.sluice.orchestrator.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sluice.events.DataArrived;
import io.sluice.events.DatasetSchema;
import io.sluice.events.OutputTarget;
import io.sluice.events.Resources;
import io.sluice.events.RetryPolicy;
import io.sluice.events.S3Uri;
import io.sluice.events.SecretRef;
import io.sluice.events.StepInput;
import io.sluice.events.StepOutput;
import io.sluice.events.StepRequested;
import io.sluice.orchestrator.spec.CanonicalSpec;
import io.sluice.orchestrator.spec.InputRef;
import io.sluice.orchestrator.spec.Placeholders;
import io.sluice.orchestrator.spec.RetryBackoff;
import io.sluice.orchestrator.spec.StepSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the {@code step.requested} of one attempt from the spec, the run's params and dataset (its
 * {@code {{dataset.x}}} placeholders substituted and its schema attached for the step), and the
 * outputs of the steps it reads: a pure function, so retries and tests get the same thing.
 */
public final class StepRequests {

  private static final ObjectMapper SORTED =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final String artifactsBucket;
  private final Duration queueAllowance;

  public StepRequests(String artifactsBucket, Duration queueAllowance) {
    this.artifactsBucket = artifactsBucket;
    this.queueAllowance = queueAllowance;
  }

  /**
   * The request for {@code attempt} of {@code step}.
   *
   * @param upstream outputs of the done steps, by step name
   * @throws IllegalStateException when an input's producing step has no such output
   */
  public StepRequested request(
      String runId,
      StepSpec step,
      int attempt,
      Map<String, String> params,
      DataArrived dataset,
      Map<String, List<StepOutput>> upstream,
      Instant now) {
    Map<String, String> fields = DatasetFields.of(dataset);
    List<String> argv =
        step.command().stream().map(arg -> Placeholders.substitute(arg, params, fields)).toList();
    Map<String, String> env = new LinkedHashMap<>();
    step.env()
        .forEach((name, value) -> env.put(name, Placeholders.substitute(value, params, fields)));
    List<StepInput> inputs = inputs(step, dataset, upstream);
    return new StepRequested(
        runId,
        step.name(),
        attempt,
        0,
        step.image(),
        digestOf(step.image()),
        argv,
        env,
        inputs,
        outputs(runId, step, attempt),
        resources(step),
        now.plus(queueAllowance).plusSeconds(step.timeoutSeconds()),
        step.timeoutSeconds(),
        retryPolicy(step),
        cacheKey(step.image(), argv, env, inputs, step.secretRefs()),
        step.secretRefs(),
        step.scheduling(),
        // Not in the cache key, so existing keys stay as they were: the schema follows from the
        // dataset version, and a step that reads it through a placeholder has it in its argv.
        DatasetSchema.of(dataset));
  }

  private static String refText(SecretRef ref) {
    String target = ref.envVar() != null ? "env:" + ref.envVar() : "file:" + ref.file();
    return ref.secretName() + "/" + ref.key() + "->" + target;
  }

  /** The digest a pinned image names ({@code repo@sha256:<64 hex>}), else null. */
  static String digestOf(String image) {
    int at = image.lastIndexOf('@');
    String digest = at < 0 ? "" : image.substring(at + 1);
    return digest.matches("sha256:[0-9a-f]{64}") ? digest : null;
  }

  private static List<StepInput> inputs(
      StepSpec step, DataArrived dataset, Map<String, List<StepOutput>> upstream) {
    List<StepInput> inputs = new ArrayList<>();
    step.inputs().forEach((name, ref) -> inputs.add(input(name, ref, dataset, upstream)));
    return inputs;
  }

  private static StepInput input(
      String name, InputRef ref, DataArrived dataset, Map<String, List<StepOutput>> upstream) {
    if (ref.isDataset()) {
      return new StepInput(
          name, S3Uri.of(dataset.bucket(), dataset.dropFolder()), dataset.versionId());
    }
    StepOutput output =
        upstream.getOrDefault(ref.step(), List.of()).stream()
            .filter(candidate -> candidate.name().equals(ref.output()))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no output " + ref.text() + " recorded"));
    return new StepInput(name, output.uri(), output.sha256());
  }

  private List<OutputTarget> outputs(String runId, StepSpec step, int attempt) {
    String base = "runs/" + runId + "/" + step.name() + "/" + attempt + "/";
    return step.outputs().stream()
        .map(output -> new OutputTarget(output, S3Uri.of(artifactsBucket, base + output + "/")))
        .toList();
  }

  private static Resources resources(StepSpec step) {
    return new Resources(
        step.resources().cpu(),
        step.resources().memory(),
        step.resources().gpuCount(),
        step.resources().gpuType());
  }

  /** The step's retries and backoff, as executors and the retry timers read them. */
  static RetryPolicy retryPolicy(StepSpec step) {
    RetryBackoff backoff = step.retryBackoff();
    return new RetryPolicy(
        step.retries() + 1, backoff.initialSeconds(), backoff.factor(), backoff.maxSeconds());
  }

  /**
   * sha256 over the canonical JSON of what determines a step's outputs: image, argv (params
   * substituted), env and the content hashes of its inputs by name.
   */
  public static String cacheKey(
      String image, List<String> argv, Map<String, String> env, List<StepInput> inputs) {
    return cacheKey(image, argv, env, inputs, List.of());
  }

  /**
   * As above, plus the secret references (names, never values) when there are any: a step reading
   * another Secret may produce other outputs. Keys of steps without secrets are unchanged. A
   * rotated value under the same name keeps the key.
   */
  public static String cacheKey(
      String image,
      List<String> argv,
      Map<String, String> env,
      List<StepInput> inputs,
      List<SecretRef> secretRefs) {
    Map<String, String> inputHashes = new TreeMap<>();
    inputs.forEach(input -> inputHashes.put(input.name(), input.sha256()));
    Map<String, Object> key = new TreeMap<>();
    key.put("image", image);
    key.put("argv", argv);
    key.put("env", new TreeMap<>(env));
    key.put("inputs", inputHashes);
    if (!secretRefs.isEmpty()) {
      key.put("secretRefs", secretRefs.stream().map(StepRequests::refText).sorted().toList());
    }
    try {
      return CanonicalSpec.sha256(SORTED.writeValueAsString(key));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings always serialise", e);
    }
  }
}
