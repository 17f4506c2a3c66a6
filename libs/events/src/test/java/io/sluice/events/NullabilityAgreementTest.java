package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The records agree with the schemas on what may be null: a {@link Nullable} component (optional in
 * the schema) is not refused for being null, any other object component (required in the schema)
 * rejects it, except collections, which turn null into empty for Java callers and are always
 * written.
 */
class NullabilityAgreementTest {

  @ParameterizedTest
  @EnumSource(EventType.class)
  void recordsAcceptNullExactlyWhereTheSchemaAllowsIt(EventType type) throws Exception {
    for (Record record : RecordWalker.recordsIn(Samples.of(type))) {
      RecordComponent[] components = record.getClass().getRecordComponents();
      for (int i = 0; i < components.length; i++) {
        RecordComponent component = components[i];
        if (component.getType().isPrimitive()) {
          continue;
        }
        Object[] values = RecordWalker.valuesOf(record);
        values[i] = null;
        String what = record.getClass().getSimpleName() + "." + component.getName();
        if (component.isAnnotationPresent(Nullable.class) || isCollection(component)) {
          // A null collection becomes empty; a rule may still refuse that (e.g. "must not be
          // empty"), as may a cross-field rule (e.g. stable stats without a stable version).
          Throwable thrown = catchThrowable(() -> construct(record, values));
          assertThat(Optional.ofNullable(thrown))
              .as(what)
              .map(Object::getClass)
              .isNotEqualTo(Optional.of(NullPointerException.class));
        } else {
          assertThatCode(() -> construct(record, values))
              .as(what)
              .isInstanceOf(NullPointerException.class)
              .hasMessageContaining(component.getName());
        }
      }
    }
  }

  private static boolean isCollection(RecordComponent component) {
    return Collection.class.isAssignableFrom(component.getType())
        || Map.class.isAssignableFrom(component.getType());
  }

  private static Object construct(Record record, Object[] values) throws Exception {
    Class<?>[] types =
        Arrays.stream(record.getClass().getRecordComponents())
            .map(RecordComponent::getType)
            .toArray(Class<?>[]::new);
    Constructor<?> constructor = record.getClass().getDeclaredConstructor(types);
    try {
      return constructor.newInstance(values);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }
}
