package io.sluice.eventing;

import io.sluice.events.EventEnvelope;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.MDC;

/**
 * Puts the ids of the event being applied into the logging MDC for the handler's duration, so that
 * every line a handler logs says which event, trace and run it belongs to: {@code event}, {@code
 * subject}, {@code trace} (from the W3C traceparent, when the event carries one) and, when the
 * event's data has them, {@code run}, {@code step} and {@code attempt}.
 */
final class LogContext {

  /** MDC key to the event data's record component holding it. */
  private static final Map<String, String> DATA_IDS =
      Map.of("run", "runId", "step", "stepName", "attempt", "attempt");

  private static final Map<Class<?>, Map<String, RecordComponent>> COMPONENTS =
      new ConcurrentHashMap<>();

  private LogContext() {}

  static void put(EventEnvelope<?> event) {
    MDC.put("event", event.id());
    MDC.put("subject", event.subject());
    putOrRemove("trace", traceId(event.traceparent()));
    Map<String, RecordComponent> ids = idsOf(event.data().getClass());
    for (String key : DATA_IDS.keySet()) {
      RecordComponent component = ids.get(key);
      putOrRemove(key, component == null ? null : valueOf(component, event.data()));
    }
  }

  static void clear() {
    MDC.clear();
  }

  /** The trace id of a W3C traceparent ({@code 00-<trace id>-<span id>-<flags>}), or null. */
  static String traceId(String traceparent) {
    if (traceparent == null) {
      return null;
    }
    String[] parts = traceparent.split("-");
    return parts.length >= 3 ? parts[1] : null;
  }

  private static Map<String, RecordComponent> idsOf(Class<?> dataClass) {
    return COMPONENTS.computeIfAbsent(
        dataClass,
        type -> {
          Map<String, RecordComponent> found = new LinkedHashMap<>();
          RecordComponent[] components = type.getRecordComponents();
          for (RecordComponent component :
              components == null ? new RecordComponent[0] : components) {
            DATA_IDS.forEach(
                (key, name) -> {
                  if (component.getName().equals(name)) {
                    found.put(key, component);
                  }
                });
          }
          return found;
        });
  }

  private static String valueOf(RecordComponent component, Object data) {
    try {
      Object value = component.getAccessor().invoke(data);
      return value == null ? null : value.toString();
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  private static void putOrRemove(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
