package io.sluice.launcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;

/**
 * Checks that an object survives a trip through YAML into fabric8's typed model with nothing
 * landing in an {@code additionalProperties} bag: a misspelt or invented field would.
 */
final class TypedModel {

  private TypedModel() {}

  static <T> T roundTrip(T object, Class<T> type) {
    String yaml = Serialization.asYaml(object);
    T parsed = Serialization.unmarshal(yaml, type);
    assertNoUnknownFields(parsed, type.getSimpleName());
    assertThat(Serialization.asYaml(parsed)).isEqualTo(yaml);
    return parsed;
  }

  static void assertNoUnknownFields(Object node, String path) {
    if (node == null || !node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")) {
        continue;
      }
      Object value = invoke(getter, node);
      String here = path + "." + getter.getName().substring(3);
      if (getter.getName().equals("getAdditionalProperties")) {
        assertThat((Map<?, ?>) value).as("unknown fields at " + path).isNullOrEmpty();
      } else if (value instanceof Collection<?> items) {
        items.forEach(item -> assertNoUnknownFields(item, here + "[]"));
      } else if (value instanceof Map<?, ?> entries) {
        entries.values().forEach(item -> assertNoUnknownFields(item, here + "{}"));
      } else {
        assertNoUnknownFields(value, here);
      }
    }
  }

  private static Object invoke(Method getter, Object node) {
    try {
      return getter.invoke(node);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot read " + getter, e);
    }
  }
}
