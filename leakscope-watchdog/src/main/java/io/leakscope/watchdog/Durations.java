package io.leakscope.watchdog;

import java.time.Duration;
import java.util.Locale;

/**
 * The one way leakscope writes and reads a duration: a whole number with {@code ms}, {@code s},
 * {@code m} or {@code h} ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}). The agent's
 * options, the command line's flags, the events in {@code events.jsonl}, the trend JSON and the
 * pages all use it, so a value read in an event can be given back as an option as it is. It is the
 * short form Spring Boot, Prometheus and Go accept too; ISO-8601 ({@code PT10M}) is not used.
 *
 * <p>Stateless and thread-safe.
 */
public final class Durations {

  private Durations() {}

  /**
   * Writes a duration in the largest unit that divides it: {@code 30s}, {@code 10m}, {@code
   * 1500ms}, {@code 0s}. Negative durations keep their sign ({@code -5s}).
   *
   * @param d not null
   * @return the text, which {@link #parse} reads back to the same duration at millisecond precision
   */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 0) {
      return "-" + format(Duration.ofMillis(-ms));
    }
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    } else if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    } else if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  /**
   * Reads {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h} (case and surrounding blanks
   * ignored); zero is allowed, a sign or a fraction is not.
   *
   * @param text not null
   * @return the duration, or null when the text is not one
   */
  public static Duration parse(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    String unit;
    if (s.endsWith("ms")) {
      unit = "ms";
    } else if (s.endsWith("s") || s.endsWith("m") || s.endsWith("h")) {
      unit = s.substring(s.length() - 1);
    } else {
      return null;
    }
    String digits = s.substring(0, s.length() - unit.length());
    if (digits.isEmpty()
        || digits.length() > 18
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    long n = Long.parseLong(digits);
    try {
      return switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    } catch (ArithmeticException e) {
      return null;
    }
  }
}
