package io.sluice.chart;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads rendered manifests into fabric8's typed model the way an API server's strict field
 * validation would: a field the type does not have is an error, not an entry in {@code
 * additionalProperties}.
 *
 * <p>fabric8 model classes take any unknown field through a {@code @JsonAnySetter} into {@code
 * additionalProperties}, so {@code FAIL_ON_UNKNOWN_PROPERTIES} alone never fires. This mapper's
 * annotation introspector ignores every any-setter, which turns a misspelt field back into an
 * {@code UnrecognizedPropertyException}. Numbers and booleans where the type wants a string (an
 * unquoted annotation value) are refused too, as Kubernetes refuses them; so are duplicate keys.
 */
final class StrictKubernetesYaml {

  /**
   * The kinds the chart may render, by {@code apiVersion/kind}: no Secret, nothing cluster-wide.
   */
  static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.ofEntries(
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("v1/ServiceAccount", ServiceAccount.class),
          Map.entry("v1/Pod", Pod.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
          Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
          Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
          Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
          Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class));

  private static final ObjectMapper MAPPER = strictMapper();

  private StrictKubernetesYaml() {}

  /** Every document of a multi-document YAML stream as its typed object. */
  static List<HasMetadata> parseAll(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    try (var documents = MAPPER.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && !document.isNull() && !document.isEmpty()) {
          objects.add(parse(document));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return objects;
  }

  /** One document, as the class its apiVersion and kind name. */
  static HasMetadata parse(JsonNode document) throws IOException {
    String key = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
    Class<? extends HasMetadata> type = KINDS.get(key);
    if (type == null) {
      throw new IllegalArgumentException("the chart must not render a " + key);
    }
    return MAPPER.treeToValue(document, type);
  }

  private static ObjectMapper strictMapper() {
    YAMLMapper mapper =
        YAMLMapper.builder()
            .annotationIntrospector(
                new JacksonAnnotationIntrospector() {
                  @Override
                  public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                  }
                })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    for (CoercionInputShape shape :
        List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    return mapper;
  }
}
