package io.sluice.launcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code sluice.launcher.*}: which executor runs step attempts, and how the local one does. */
@ConfigMapping(prefix = "sluice.launcher")
public interface LauncherConfig {

  /** Where steps run: {@code local} (host processes) or {@code kubernetes} (Jobs). */
  @WithDefault("local")
  ExecutorKind executor();

  /** The executors a launcher can use. */
  enum ExecutorKind {
    LOCAL,
    KUBERNETES
  }

  /** Parent of every attempt folder ({@code <work-dir>/<run>/<step>/<attempt>/}). */
  Path workDir();

  /** How many attempts run at once; further ones wait in the queue. */
  @WithDefault("4")
  int maxParallelSteps();

  /** Keep attempt folders after the attempt ends (for debugging); they are deleted otherwise. */
  @WithDefault("false")
  boolean keepWorkDirs();

  /** The most bytes of a failed step's log carried in {@code step.failed} (capped at 8 KiB). */
  @WithDefault("8192")
  int logTailBytes();

  /**
   * The most bytes of a step's output kept in its log file: past this only the last 64 KiB are
   * kept, after a line saying how much was left out (a step printing without end must not fill the
   * disk).
   */
  @WithDefault("67108864")
  long maxLogBytes();

  /** Where each attempt's log is kept once it ends. */
  StepLogs stepLogs();

  /** {@code sluice.launcher.step-logs.*}. */
  interface StepLogs {

    /**
     * Keep each finished attempt's log (bounded by {@code max-log-bytes}, secrets masked) in the
     * artifact store, at {@code runs/<run>/<step>/<attempt>/_logs/step.log}.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The bucket: must be the orchestrator's {@code sluice.orchestrator.artifacts-bucket}, which
     * serves the logs at {@code GET /api/v1/runs/{id}/steps/{step}/logs}.
     */
    @WithDefault("artifacts")
    String bucket();
  }

  /**
   * Where local steps' secrets are: {@code <secrets-dir>/<secret>/<key>}, one file per key holding
   * the value's exact bytes. A secret not found there is looked up in the launcher's environment
   * ({@code SLUICE_SECRET_<SECRET>_<KEY>}). Unset: the environment only.
   */
  Optional<Path> secretsDir();

  /** The commands' working directory; defaults to the launcher's own current directory. */
  Optional<Path> workingDir();

  /** How often a running launcher looks for attempts of launchers that stopped. */
  @WithDefault("30s")
  java.time.Duration recoveryInterval();

  /**
   * The GPUs local steps may use: {@code auto} (ask {@code nvidia-smi -L}), {@code none}, or device
   * indices such as {@code 0,1}.
   */
  @WithDefault("auto")
  String gpus();

  /** The product of GPUs listed by index (e.g. {@code NVIDIA H200}), for steps naming a type. */
  Optional<String> gpuProduct();

  /** What a local step asking for GPUs this host does not have gets. */
  @WithDefault("fail")
  GpuFallback gpuFallback();

  /** {@code fail}: the step fails UNSCHEDULABLE; {@code cpu}: it runs without a GPU. */
  enum GpuFallback {
    FAIL,
    CPU
  }

  /** The full name of {@link #localAllowedCommands()}, for messages. */
  String LOCAL_ALLOWED_COMMANDS = "sluice.launcher.local.allowed-commands";

  /**
   * The executables a local step's {@code argv[0]} may name, exactly: a bare name (looked up on the
   * launcher's {@code PATH}) or an absolute path. Shells are not allowed by default: {@code sh -c}
   * would run anything. The Kubernetes executor ignores this list (the image is the boundary).
   */
  @WithName("local.allowed-commands")
  @WithDefault("java,python3,/usr/bin/python3")
  List<String> localAllowedCommands();

  /** How this launcher vouches for the attempts it owns. */
  Heartbeat heartbeat();

  /** {@code sluice.launcher.heartbeat.*}. */
  interface Heartbeat {

    /**
     * How long one {@code step.heartbeat} vouches for an attempt. The launcher sends one when it
     * takes an attempt and then every third of this; a replica declares another's attempt lost only
     * after a whole lease without one (and with that owner's lock free).
     */
    @WithDefault("30s")
    java.time.Duration lease();
  }

  /** Identifies this launcher as the owner of its attempts; defaults to host name + random. */
  Optional<String> instanceId();
}
