package io.sluice.launcher.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sluice.launcher.stager.StagerCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Plays the Job controller, the scheduler and the kubelet against fabric8's mock API server: for
 * each new unsuspended Job it creates the pod and moves it through the states a script says. The
 * {@link Script#RUN} script really runs the pod: stage-in and stage-out as the stager image would
 * (the launcher's own {@link StagerCommand}), and the step's command through the Job's wrapper.
 */
final class SimulatedKubelet implements AutoCloseable {

  static final String NODE = "gpu-node-1";

  /** The digest the simulated runtime reports for every step image it runs. */
  static final String IMAGE_DIGEST = "sha256:" + "5e".repeat(32);

  /** What happens to a step's pod (chosen by step name). */
  enum Script {
    RUN,
    IMAGE_NOT_FOUND,
    OOM_KILLED,
    UNSCHEDULABLE,
    HANG
  }

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, String> storeEnv;
  private final Path workRoot;
  private final Map<String, Script> scripts = new ConcurrentHashMap<>();
  private final Set<String> played = ConcurrentHashMap.newKeySet();
  private final List<Job> created = new CopyOnWriteArrayList<>();
  private final ExecutorService pods = Executors.newCachedThreadPool();
  private SharedIndexInformer<Job> informer;

  SimulatedKubelet(
      KubernetesClient client, String namespace, Map<String, String> storeEnv, Path workRoot) {
    this.client = client;
    this.namespace = namespace;
    this.storeEnv = storeEnv;
    this.workRoot = workRoot;
  }

  void start() {
    informer =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Job job) {
                    maybePlay(job);
                  }

                  @Override
                  public void onUpdate(Job before, Job after) {
                    maybePlay(after);
                  }

                  @Override
                  public void onDelete(Job job, boolean unknown) {}
                },
                0);
  }

  void script(String step, Script script) {
    scripts.put(step, script);
  }

  /** Every Job this kubelet saw, as it first saw it. */
  List<Job> jobs() {
    return List.copyOf(created);
  }

  private void maybePlay(Job job) {
    if (Boolean.TRUE.equals(job.getSpec().getSuspend())
        || !played.add(job.getMetadata().getName())) {
      return;
    }
    created.add(job);
    String step = job.getMetadata().getAnnotations().get("sluice.io/step");
    Script script = scripts.getOrDefault(step, Script.RUN);
    pods.execute(() -> play(job, script));
  }

  private void play(Job job, Script script) {
    try {
      Pod pod = createPod(job);
      switch (script) {
        case RUN -> run(job, pod);
        case IMAGE_NOT_FOUND ->
            setStatus(
                pod, "Pending", List.of(done("stage-in", 0, null, null)), List.of(pullError()));
        case OOM_KILLED ->
            setStatus(
                pod,
                "Running",
                List.of(done("stage-in", 0, null, null)),
                List.of(done("step", 137, "OOMKilled", null), running("stage-out")));
        case UNSCHEDULABLE -> unschedulable(pod);
        case HANG ->
            setStatus(
                pod, "Running", List.of(done("stage-in", 0, null, null)), List.of(running("step")));
      }
    } catch (Exception e) {
      System.err.println("simulated kubelet: " + job.getMetadata().getName() + ": " + e);
    }
  }

  private Pod createPod(Job job) {
    Map<String, String> labels =
        new LinkedHashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
    labels.put("job-name", job.getMetadata().getName());
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(job.getMetadata().getName() + "-x7k2p")
            .withNamespace(namespace)
            .withLabels(labels)
            .withCreationTimestamp(Instant.now().toString())
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .build();
    pod.getSpec().setNodeName(NODE);
    return client.resource(pod).create();
  }

  /** Runs the pod for real: stage-in, the wrapped command, stage-out, like the three containers. */
  private void run(Job job, Pod pod) throws Exception {
    Path root = Files.createDirectories(workRoot.resolve(job.getMetadata().getName()));
    List<Container> initContainers = pod.getSpec().getInitContainers();
    Container stageIn = initContainers.get(0);
    Map<String, String> stageInEnv = stagerEnv(stageIn, root, "stage-in");
    int in = StagerCommand.run(StagerCommand.STAGE_IN, stageInEnv);
    if (in != 0) {
      setStatus(
          pod,
          "Failed",
          List.of(done("stage-in", in, "Error", message(root, "stage-in"))),
          List.of());
      finishJob(job, false);
      return;
    }
    setStatus(
        pod,
        "Running",
        List.of(done("stage-in", 0, null, null)),
        List.of(running("step"), running("stage-out")));
    int exitCode = runStep(container(pod, "step"), root);
    Container stageOut = container(pod, "stage-out");
    int out = StagerCommand.run(StagerCommand.STAGE_OUT, stagerEnv(stageOut, root, "stage-out"));
    setStatus(
        pod,
        exitCode == 0 && out == 0 ? "Succeeded" : "Failed",
        List.of(done("stage-in", 0, null, null)),
        List.of(
            ranImage(done("step", exitCode, exitCode == 0 ? "Completed" : "Error", null)),
            done("stage-out", out, null, message(root, "stage-out"))));
    finishJob(job, exitCode == 0 && out == 0);
  }

  private int runStep(Container step, Path root) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>();
    step.getCommand().forEach(arg -> argv.add(inRoot(arg, root)));
    step.getArgs().forEach(arg -> argv.add(inRoot(arg, root)));
    ProcessBuilder process = new ProcessBuilder(argv).redirectErrorStream(true);
    process.redirectOutput(root.resolve("step.log").toFile());
    Map<String, String> env = process.environment();
    env.clear();
    env.put("PATH", System.getenv("PATH"));
    for (EnvVar variable : step.getEnv()) {
      if (variable.getValue() != null) {
        env.put(variable.getName(), inRoot(variable.getValue(), root));
      }
    }
    Process running = process.start();
    if (!running.waitFor(60, TimeUnit.SECONDS)) {
      running.destroyForcibly();
      return 137;
    }
    return running.exitValue();
  }

  private Map<String, String> stagerEnv(Container stager, Path root, String role) {
    Map<String, String> env = new HashMap<>(storeEnv);
    for (EnvVar variable : stager.getEnv()) {
      if (variable.getValue() != null) {
        env.put(variable.getName(), variable.getValue());
      }
    }
    env.put("SLUICE_STAGING_ROOT", root.toString());
    env.put("SLUICE_TERMINATION_LOG", root.resolve(role + ".termination-log").toString());
    return env;
  }

  private static String message(Path root, String role) throws IOException {
    Path file = root.resolve(role + ".termination-log");
    return Files.exists(file) ? Files.readString(file) : null;
  }

  private static String inRoot(String text, Path root) {
    return text.replace("/sluice/", root + "/").replace("/sluice\n", root + "\n");
  }

  private static Container container(Pod pod, String name) {
    return pod.getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private void unschedulable(Pod pod) {
    pod.setStatus(KubeletStates.unschedulable());
    pod.getSpec().setNodeName(null);
    client.pods().inNamespace(namespace).resource(pod).updateStatus();
  }

  private void setStatus(
      Pod pod, String phase, List<ContainerStatus> init, List<ContainerStatus> containers) {
    Pod current = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).get();
    if (current == null) {
      return; // deleted meanwhile (cancelled)
    }
    current.setStatus(
        new PodStatusBuilder()
            .withPhase(phase)
            .withInitContainerStatuses(init)
            .withContainerStatuses(containers)
            .build());
    client.pods().inNamespace(namespace).resource(current).updateStatus();
  }

  private void finishJob(Job job, boolean success) {
    Job current =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .withName(job.getMetadata().getName())
            .get();
    if (current == null) {
      return;
    }
    Job finished =
        KubeletStates.withCondition(
            current, success ? "Complete" : "Failed", success ? null : "BackoffLimitExceeded");
    client.batch().v1().jobs().inNamespace(namespace).resource(finished).updateStatus();
  }

  private static ContainerStatus done(String name, int code, String reason, String message) {
    return KubeletStates.terminated(name, code, reason, message);
  }

  private static ContainerStatus ranImage(ContainerStatus status) {
    status.setImageID("docker-pullable://ghcr.io/acme/train@" + IMAGE_DIGEST);
    return status;
  }

  private static ContainerStatus running(String name) {
    return KubeletStates.running(name, Instant.now());
  }

  private static ContainerStatus pullError() {
    return KubeletStates.waiting(
        "step",
        "ghcr.io/acme/missing:1.0",
        "ErrImagePull",
        "failed to pull and unpack image: ghcr.io/acme/missing:1.0: not found");
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    pods.shutdownNow();
  }
}
