package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class WatchScreenTest {
  @Test
  void sparklineScalesFromTheLeastToTheGreatestOfTheLastValues() {
    assertThat(WatchScreen.sparkline(new long[] {10, 0, 70, 30, 70}, 4)).isEqualTo("▁█▄█");
    assertThat(WatchScreen.sparkline(new long[] {5, 5, 5}, 10)).isEqualTo("▁▁▁");
    assertThat(WatchScreen.sparkline(new long[0], 10)).isEmpty();
  }

  @Test
  void durationsAreShortAndCoarse() {
    assertThat(WatchScreen.duration(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(WatchScreen.duration(Duration.ofSeconds(725))).isEqualTo("12m 05s");
    assertThat(WatchScreen.duration(Duration.ofMinutes(200))).isEqualTo("3h 20m");
    assertThat(WatchScreen.duration(Duration.ofHours(52))).isEqualTo("2d 4h");
  }

  @Test
  void commandLineDurationsNeedAUnitAndArePositive() {
    DurationConverter c = new DurationConverter();
    assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(c.convert("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.convert("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.convert("2H")).isEqualTo(Duration.ofHours(2));
    for (String bad : new String[] {"10", "0s", "-1s", "1.5m", "abc"}) {
      assertThatThrownBy(() -> c.convert(bad)).isInstanceOf(TypeConversionException.class);
    }
  }

  @Test
  void shellWordsAreQuotedOnlyWhenNeeded() {
    assertThat(WatchEvidence.quoted(java.nio.file.Path.of("/tmp/heap-1.hprof.gz")))
        .isEqualTo("/tmp/heap-1.hprof.gz");
    assertThat(WatchEvidence.quoted(java.nio.file.Path.of("/tmp/my dumps/it's.hprof")))
        .isEqualTo("'/tmp/my dumps/it'\\''s.hprof'");
  }
}
