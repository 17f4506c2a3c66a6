package io.sluice.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type of the contract with its topic and payload record. The CloudEvents type is
 * {@code io.sluice.<name>.v<version>}; a breaking change to a payload is a new constant with a new
 * version, never an edit of an existing one.
 */
public enum EventType {
  DATA_ARRIVED("data.arrived", Topics.DATA, DataArrived.class),
  DATA_REJECTED("data.rejected", Topics.DATA, DataRejected.class),

  RUN_STARTED("run.started", Topics.RUNS, RunStarted.class),
  STEP_REQUESTED("step.requested", Topics.RUNS, StepRequested.class),
  STEP_CANCEL_REQUESTED("step.cancel_requested", Topics.RUNS, StepCancelRequested.class),
  STEP_STARTED("step.started", Topics.RUNS, StepStarted.class),
  STEP_HEARTBEAT("step.heartbeat", Topics.RUNS, StepHeartbeat.class),
  STEP_DONE("step.done", Topics.RUNS, StepDone.class),
  STEP_FAILED("step.failed", Topics.RUNS, StepFailed.class),
  STEP_SKIPPED("step.skipped", Topics.RUNS, StepSkipped.class),
  RUN_SUCCEEDED("run.succeeded", Topics.RUNS, RunSucceeded.class),
  RUN_FAILED("run.failed", Topics.RUNS, RunFailed.class),
  RUN_CANCELLED("run.cancelled", Topics.RUNS, RunCancelled.class),

  MODEL_CANDIDATE("model.candidate", Topics.MODELS, ModelCandidate.class),
  MODEL_REGISTERED("model.registered", Topics.MODELS, ModelRegistered.class),
  MODEL_EVALUATED("model.evaluated", Topics.MODELS, ModelEvaluated.class),
  MODEL_PROMOTED("model.promoted", Topics.MODELS, ModelPromoted.class),
  MODEL_ROLLED_BACK("model.rolled_back", Topics.MODELS, ModelRolledBack.class),
  MODEL_SERVE_REQUESTED("model.serve_requested", Topics.MODELS, ModelServeRequested.class),
  MODEL_ALIAS_MOVED("model.alias_moved", Topics.MODELS, ModelAliasMoved.class),

  ROLLOUT_STARTED("rollout.started", Topics.SERVING, RolloutStarted.class),
  ROLLOUT_PROGRESSED("rollout.progressed", Topics.SERVING, RolloutProgressed.class);

  private static final Map<String, EventType> BY_CE_TYPE =
      Arrays.stream(values()).collect(Collectors.toMap(EventType::ceType, Function.identity()));

  private final String typeName;
  private final int version;
  private final String topic;
  private final Class<? extends EventData> dataClass;

  EventType(String typeName, String topic, Class<? extends EventData> dataClass) {
    this(typeName, 1, topic, dataClass);
  }

  EventType(String typeName, int version, String topic, Class<? extends EventData> dataClass) {
    this.typeName = typeName;
    this.version = version;
    this.topic = topic;
    this.dataClass = dataClass;
  }

  /** The short name, e.g. {@code step.done}. */
  public String typeName() {
    return typeName;
  }

  public int version() {
    return version;
  }

  /** The CloudEvents {@code type}, e.g. {@code io.sluice.step.done.v1}. */
  public String ceType() {
    return "io.sluice." + typeName + ".v" + version;
  }

  public String topic() {
    return topic;
  }

  public Class<? extends EventData> dataClass() {
    return dataClass;
  }

  /** The JSON Schema resource of this type's data, on the class path of this module. */
  public String schemaResource() {
    return "/schemas/" + ceType() + ".schema.json";
  }

  public static Optional<EventType> fromCeType(String ceType) {
    return Optional.ofNullable(ceType == null ? null : BY_CE_TYPE.get(ceType));
  }
}
