package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EvidenceBudgetTest {

  private static final long MB = 1 << 20;

  private final EvidenceBudget budget =
      new EvidenceBudget(2, 100 * MB, 50 * MB, Duration.ofMinutes(10));

  @Test
  void outOfRangeKnobsAreNamedWithTheirRange() {
    assertThatThrownBy(() -> new EvidenceBudget(0, 1, 0, Duration.ZERO))
        .hasMessage("maxDumps: 0 (expected: 1+)");
    assertThatThrownBy(() -> new EvidenceBudget(1, 0, 0, Duration.ZERO))
        .hasMessage("maxDiskBytes: 0 (expected: 1+)");
    assertThatThrownBy(() -> new EvidenceBudget(1, 1, -1, Duration.ZERO))
        .hasMessage("minFreeDiskBytes: -1 (expected: 0+)");
    assertThatThrownBy(() -> new EvidenceBudget(1, 1, 0, Duration.ofSeconds(-1)))
        .hasMessage("minTimeBetweenDumps: -1s (expected: 0s+)");
    assertThatThrownBy(() -> new EvidenceBudget(1, 1, 0, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("minTimeBetweenDumps");
  }

  @Test
  void aDumpThatFitsEveryLimitIsAllowed() {
    assertThat(budget.findViolation(1, 10 * MB, 1000 * MB, 20 * MB, Duration.ofMinutes(10)))
        .isEmpty();
    assertThat(budget.findViolation(0, 0, 1000 * MB, 20 * MB, null)).isEmpty();
  }

  @Test
  void tooManyDumpsIsSkippedNamingMaxDumps() {
    assertThat(budget.findViolation(2, 0, 1000 * MB, MB, null))
        .hasValue("maxDumps: 2 dumps already taken (limit 2)");
  }

  @Test
  void aDumpTooSoonAfterTheLastIsSkippedNamingMinTimeBetweenDumps() {
    assertThat(budget.findViolation(1, 0, 1000 * MB, MB, Duration.ofMinutes(9)))
        .hasValue("minTimeBetweenDumps: last dump 9m ago (limit 10m)");
  }

  @Test
  void aDumpThatWouldExceedTheDiskQuotaIsSkippedNamingMaxDiskBytes() {
    assertThat(budget.findViolation(0, 90 * MB, 1000 * MB, 20 * MB, null))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("maxDiskBytes: "));
  }

  @Test
  void aDumpThatWouldLeaveTooLittleFreeSpaceIsSkippedNamingMinFreeDiskBytes() {
    assertThat(budget.findViolation(0, 0, 60 * MB, 20 * MB, null))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("minFreeDiskBytes: "));
  }
}
