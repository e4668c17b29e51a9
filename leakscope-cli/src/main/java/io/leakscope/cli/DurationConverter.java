package io.leakscope.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a duration written {@code 500ms}, {@code 90s}, {@code 3m} or {@code 1h}. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String s = value.strip().toLowerCase(Locale.ROOT);
    int digits = 0;
    while (digits < s.length() && Character.isDigit(s.charAt(digits))) {
      digits++;
    }
    if (digits > 0 && digits <= 9) {
      long n = Long.parseLong(s.substring(0, digits));
      switch (s.substring(digits)) {
        case "ms":
          return Duration.ofMillis(n);
        case "s":
          return Duration.ofSeconds(n);
        case "m":
          return Duration.ofMinutes(n);
        case "h":
          return Duration.ofHours(n);
        default:
          break;
      }
    }
    throw new TypeConversionException(
        "'" + value + "' (expected a duration like 90s, 3m or 500ms)");
  }
}
