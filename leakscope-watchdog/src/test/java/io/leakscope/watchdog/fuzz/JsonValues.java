package io.leakscope.watchdog.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Values compared the way JSON keeps them. */
final class JsonValues {
  private JsonValues() {}

  /**
   * The value as it reads back from JSON: every number a double, a non-finite one (written as
   * {@code null}) null; wrapped in an {@link Optional} so that a null value compares too.
   */
  static Object normalized(Object value) {
    return Optional.ofNullable(plain(value));
  }

  private static Object plain(Object value) {
    if (value instanceof Number n) {
      double d = n.doubleValue();
      return Double.isFinite(d) ? d : null;
    }
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, plain(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(plain(v)));
      return out;
    }
    return value;
  }
}
