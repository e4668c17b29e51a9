package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void readsMillisecondsSecondsMinutesAndHours() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse(" 10M ")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
    for (String bad :
        new String[] {"abc", "30", "-5s", "s", "1.5s", "PT10M", "", "1d", "9".repeat(19) + "s"}) {
      assertThat(Durations.parse(bad)).as(bad).isNull();
    }
    assertThat(Durations.parse("999999999999999999h")).as("overflow").isNull();
  }

  @Test
  void writesTheLargestUnitThatDividesIt() {
    assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofSeconds(-5))).isEqualTo("-5s");
  }

  @Test
  void whatItWritesItReadsBack() {
    SplittableRandom random = new SplittableRandom(16);
    for (int i = 0; i < 10_000; i++) {
      Duration d = Duration.ofMillis(random.nextLong(0, 1L << 40));
      if (i % 3 == 0) {
        d = Duration.ofSeconds(d.toSeconds());
      } else if (i % 3 == 1) {
        d = Duration.ofMinutes(d.toMinutes());
      }
      assertThat(Durations.parse(Durations.format(d))).as("%s", d).isEqualTo(d);
    }
  }
}
