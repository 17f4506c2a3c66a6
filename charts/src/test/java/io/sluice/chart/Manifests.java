package io.sluice.chart;

import static io.sluice.chart.HelmChart.RELEASE;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The objects one render produced, with finders by kind and name. */
final class Manifests {

  private final List<HasMetadata> objects;

  Manifests(List<HasMetadata> objects) {
    this.objects = List.copyOf(objects);
  }

  /** The name of a component's objects in the test release: sluice-{component}. */
  static String name(String component) {
    return RELEASE + "-" + component;
  }

  List<HasMetadata> all() {
    return objects;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
  }

  <T extends HasMetadata> T get(Class<T> type, String name) {
    return find(type, name)
        .orElseThrow(
            () ->
                new AssertionError("no " + type.getSimpleName() + " named " + name + " rendered"));
  }

  Deployment deployment(String component) {
    return get(Deployment.class, name(component));
  }

  PodSpec pod(String component) {
    return deployment(component).getSpec().getTemplate().getSpec();
  }

  Container container(String component) {
    List<Container> containers = pod(component).getContainers();
    if (containers.size() != 1) {
      throw new AssertionError(component + " has " + containers.size() + " containers");
    }
    return containers.get(0);
  }

  /** The env vars a component's ConfigMap gives its container (envFrom). */
  Map<String, String> config(String component) {
    return get(ConfigMap.class, name(component)).getData();
  }

  /** One env entry of a component's container, by name. */
  EnvVar env(String component, String name) {
    return container(component).getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(component + " has no env entry " + name));
  }
}
