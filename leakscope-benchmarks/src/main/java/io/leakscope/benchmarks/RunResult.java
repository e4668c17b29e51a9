package io.leakscope.benchmarks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The machine-readable line each runner prints last: {@code RESULT tool=NAME status=ok wallMillis=…
 * peakRssKb=… objects=…} plus tool-specific {@code key=value} pairs. Values never contain spaces.
 *
 * @param fields the pairs in printing order; {@code tool} and {@code status} are always present
 */
public record RunResult(Map<String, String> fields) {

  /** The prefix that marks a result line in a runner's output. */
  public static final String PREFIX = "RESULT ";

  /** Copies the map so the record stays immutable. */
  public RunResult {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /**
   * Finds the last result line in a runner's output.
   *
   * @param output everything the runner printed on standard output
   * @return the parsed result, or empty if the runner printed none (it crashed or was killed)
   */
  public static Optional<RunResult> findIn(String output) {
    String last = null;
    for (String line : output.split("\\R")) {
      if (line.startsWith(PREFIX)) {
        last = line;
      }
    }
    return last == null ? Optional.empty() : Optional.of(parse(last));
  }

  /**
   * Parses one result line.
   *
   * @param line a line starting with {@link #PREFIX}
   * @return the result
   * @throws IllegalArgumentException if the line does not start with the prefix
   */
  public static RunResult parse(String line) {
    if (!line.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a result line: " + line);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : line.substring(PREFIX.length()).trim().split("\\s+")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        fields.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return new RunResult(fields);
  }

  /**
   * Formats a result line from pairs in order.
   *
   * @param fields the pairs; spaces in values are replaced by underscores
   * @return the line, starting with {@link #PREFIX}
   */
  public static String format(Map<String, ?> fields) {
    StringBuilder line = new StringBuilder("RESULT");
    fields.forEach(
        (key, value) -> line.append(' ').append(key).append('=').append(sanitize(value)));
    return line.toString();
  }

  private static String sanitize(Object value) {
    return String.valueOf(value).replaceAll("\\s+", "_");
  }

  /**
   * A field as a number.
   *
   * @param key the field name
   * @return its value, or -1 if absent or not a number
   */
  public long getLong(String key) {
    try {
      return Long.parseLong(fields.getOrDefault(key, "-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * A field as text.
   *
   * @param key the field name
   * @return its value, or {@code ""} if absent
   */
  public String get(String key) {
    return fields.getOrDefault(key, "");
  }
}
