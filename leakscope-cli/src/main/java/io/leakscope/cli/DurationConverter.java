package io.leakscope.cli;

import io.leakscope.watchdog.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations on the command line: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}; positive. The
 * same form as the agent's options and the watchdog's events ({@link Durations}).
 */
final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    Duration d = Durations.parse(value);
    if (d == null || d.isZero()) {
      throw new TypeConversionException(
          "'" + value + "' (expected a positive duration like 500ms, 10s, 5m, 1h)");
    }
    return d;
  }
}
