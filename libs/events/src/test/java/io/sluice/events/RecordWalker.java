package io.sluice.events;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Finds the records inside a payload, for tests that check every nested record. */
final class RecordWalker {

  private RecordWalker() {}

  /** The value if it is a record, and every record nested in it, depth first. */
  static List<Record> recordsIn(Object value) throws Exception {
    List<Record> found = new ArrayList<>();
    if (value instanceof Record record) {
      found.add(record);
      for (Object component : valuesOf(record)) {
        found.addAll(recordsIn(component));
      }
    } else if (value instanceof Collection<?> collection) {
      for (Object element : collection) {
        found.addAll(recordsIn(element));
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Object element : map.values()) {
        found.addAll(recordsIn(element));
      }
    }
    return found;
  }

  /** The component values of a record, in declaration order. */
  static Object[] valuesOf(Record record) throws Exception {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      values[i] = components[i].getAccessor().invoke(record);
    }
    return values;
  }
}
