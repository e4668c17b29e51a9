package io.leakscope.junit5.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The settings of one checked test, resolved from its {@code @CheckLeaks} attributes and the JUnit
 * configuration parameters: an attribute set explicitly wins, then the parameter, then the built-in
 * default.
 *
 * @param lingerMillis how long new threads may take to end; 0+
 * @param threadFilter threads that are never reported
 * @param mode whether leaks fail the test or are only reported
 * @param warnThreshold the number of leaks (threads plus unclosed resources) from which a test that
 *     does not fail writes a warning; 1+
 * @param failThreshold the number of leaks from which the test fails; 1+
 */
public record LeakSettings(
    long lingerMillis, ThreadFilter threadFilter, Mode mode, int warnThreshold, int failThreshold) {

  /** What happens when leaks reach the fail threshold. */
  public enum Mode {
    /** The test fails (the default). */
    FAIL,
    /** The report goes to standard error and the test passes. */
    REPORT
  }

  public static final String LINGER_MILLIS = "leakscope.linger.millis";
  public static final String IGNORE_THREADS = "leakscope.ignore.threads";
  public static final String MODE = "leakscope.mode";
  public static final String WARN_THRESHOLD = "leakscope.warn.threshold";
  public static final String FAIL_THRESHOLD = "leakscope.fail.threshold";

  /**
   * A file of known leaks for gradual adoption: one thread-name pattern per line ({@code #} starts
   * a comment). Threads it matches do not fail tests, on top of any ignore patterns.
   */
  public static final String KNOWN_LEAKS_FILE = "leakscope.known.leaks.file";

  /** {@code @CheckLeaks(lingerMillis)} when it is not set; must equal the annotation's default. */
  public static final long UNSET_LINGER = Long.MIN_VALUE;

  static final long DEFAULT_LINGER_MILLIS = 1000;

  /**
   * Resolves the settings.
   *
   * @param lingerMillis the annotation's value, or {@link #UNSET_LINGER}
   * @param ignoreThreads the annotation's patterns; empty when not set
   * @param parameters looks up a JUnit configuration parameter by name; not null
   * @throws IllegalArgumentException if a value is out of range or malformed; the message names the
   *     attribute or parameter and the allowed values
   */
  public static LeakSettings resolve(
      long lingerMillis, String[] ignoreThreads, Function<String, Optional<String>> parameters) {
    long linger =
        lingerMillis != UNSET_LINGER
            ? requireNonNegative("@CheckLeaks lingerMillis", lingerMillis)
            : parameters
                .apply(LINGER_MILLIS)
                .map(value -> requireNonNegative(LINGER_MILLIS, parseLong(LINGER_MILLIS, value)))
                .orElse(DEFAULT_LINGER_MILLIS);
    List<String> known =
        parameters.apply(KNOWN_LEAKS_FILE).map(LeakSettings::knownLeaks).orElse(List.of());
    ThreadFilter.of(KNOWN_LEAKS_FILE, known); // a bad pattern is named by the file's knob
    ThreadFilter filter;
    if (ignoreThreads.length > 0) {
      List<String> patterns = new ArrayList<>(List.of(ignoreThreads));
      patterns.addAll(known);
      filter = ThreadFilter.of(patterns.toArray(String[]::new));
    } else {
      List<String> patterns =
          new ArrayList<>(
              parameters.apply(IGNORE_THREADS).map(LeakSettings::split).orElse(List.of()));
      ThreadFilter.of(IGNORE_THREADS, patterns); // validates under its own name
      patterns.addAll(known);
      filter = ThreadFilter.of(IGNORE_THREADS, patterns);
    }
    Mode mode = parameters.apply(MODE).map(LeakSettings::parseMode).orElse(Mode.FAIL);
    int warn = parameters.apply(WARN_THRESHOLD).map(v -> threshold(WARN_THRESHOLD, v)).orElse(1);
    int fail = parameters.apply(FAIL_THRESHOLD).map(v -> threshold(FAIL_THRESHOLD, v)).orElse(1);
    return new LeakSettings(linger, filter, mode, warn, fail);
  }

  private static long requireNonNegative(String knob, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(knob + ": " + value + " (expected: 0+)");
    }
    return value;
  }

  private static long parseLong(String knob, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          knob + ": \"" + value + "\" (expected: a whole number of milliseconds, 0+)", e);
    }
  }

  private static int threshold(String knob, String value) {
    int threshold;
    try {
      threshold = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(knob + ": \"" + value + "\" (expected: 1+)", e);
    }
    if (threshold < 1) {
      throw new IllegalArgumentException(knob + ": " + threshold + " (expected: 1+)");
    }
    return threshold;
  }

  private static Mode parseMode(String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "fail":
        return Mode.FAIL;
      case "report":
        return Mode.REPORT;
      default:
        throw new IllegalArgumentException(MODE + ": \"" + value + "\" (expected: fail or report)");
    }
  }

  /**
   * The patterns of a known-leaks file: one per line, blank lines and {@code #} comments skipped.
   */
  private static List<String> knownLeaks(String file) {
    List<String> lines;
    try {
      lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(file.trim()));
    } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException(
          KNOWN_LEAKS_FILE
              + ": \""
              + file
              + "\" cannot be read (expected: a readable text file): "
              + e,
          e);
    }
    List<String> patterns = new ArrayList<>();
    for (String line : lines) {
      int hash = line.indexOf('#');
      String pattern = (hash >= 0 ? line.substring(0, hash) : line).trim();
      if (!pattern.isEmpty()) {
        patterns.add(pattern);
      }
    }
    return patterns;
  }

  /** Comma-separated patterns; blanks around them and empty entries are dropped. */
  private static List<String> split(String value) {
    List<String> patterns = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        patterns.add(part.trim());
      }
    }
    return patterns;
  }
}
