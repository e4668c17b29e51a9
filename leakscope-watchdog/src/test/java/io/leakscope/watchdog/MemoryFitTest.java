package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link MemoryFit}: the rules with numbers worked out by hand. */
class MemoryFitTest {
  private static final long MIB = 1 << 20;

  @Test
  void aHeapMaximumPlusNonHeapOverTheLimitDoesNotFit() {
    // the case of the issue: a 1.5 GiB heap and 700 MiB of non-heap in a 2 GiB container
    MemoryFit fit = MemoryFit.judge(1536 * MIB, 700 * MIB, 2048 * MIB, true);

    assertThat(fit.state()).isEqualTo(MemoryFit.State.DOES_NOT_FIT);
    assertThat(fit.neededBytes()).isEqualTo(2236 * MIB);
    assertThat(fit.headroomBytes()).isEqualTo(-188 * MIB);
    assertThat(fit.heapAtKillBytes()).isEqualTo(1348 * MIB);
    // 0.9 × 2048 = 1843.2, minus 700 = 1143.2 → 1143 MiB; 1143 / 2048 = 55.81% → 55.8
    assertThat(fit.suggestedHeapBytes()).isEqualTo(1143 * MIB);
    assertThat(fit.suggestedRamPercentage()).isEqualTo(55.8);
    // 2236 / 0.9 = 2484.4 → 2485 MiB
    assertThat(fit.suggestedLimitBytes()).isEqualTo(2485 * MIB);
    assertThat(fit.summary())
        .isEqualTo(
            "does not fit (not a leak): heap max 1536 MiB + non-heap 700 MiB = 2236 MiB >"
                + " the container's limit 2048 MiB; the kernel kills the JVM once its heap holds"
                + " about 1348 MiB, with no OutOfMemoryError and no heap dump");
    assertThat(fit.advice())
        .isEqualTo(
            "-Xmx1143m (or -XX:MaxRAMPercentage=55.8) would fit, leaving 10% free; or raise the"
                + " limit to at least 2485 MiB");
  }

  @Test
  void lessThanTheSafetyShareFreeIsTightAndExactlyTheLimitIsStillTight() {
    // 0.9 × 1024 = 921.6 MiB
    assertThat(MemoryFit.judge(621 * MIB, 300 * MIB, 1024 * MIB, true).state())
        .isEqualTo(MemoryFit.State.FITS);
    assertThat(MemoryFit.judge(622 * MIB, 300 * MIB, 1024 * MIB, true).state())
        .isEqualTo(MemoryFit.State.TIGHT);
    assertThat(MemoryFit.judge(724 * MIB, 300 * MIB, 1024 * MIB, true).state())
        .isEqualTo(MemoryFit.State.TIGHT);
    assertThat(MemoryFit.judge(725 * MIB, 300 * MIB, 1024 * MIB, true).state())
        .isEqualTo(MemoryFit.State.DOES_NOT_FIT);
    MemoryFit fits = MemoryFit.judge(512 * MIB, 200 * MIB, 1024 * MIB, true);
    assertThat(fits.summary())
        .isEqualTo(
            "fits: heap max 512 MiB + non-heap 200 MiB = 712 MiB of the container's limit"
                + " 1024 MiB (312 MiB free)");
    assertThat(fits.advice()).isEmpty();
  }

  @Test
  void nonHeapAloneOverTheLimitLeavesNoHeapToSuggest() {
    MemoryFit fit = MemoryFit.judge(256 * MIB, 1000 * MIB, 1024 * MIB, true);
    assertThat(fit.state()).isEqualTo(MemoryFit.State.DOES_NOT_FIT);
    assertThat(fit.suggestedHeapBytes()).isEqualTo(-1);
    assertThat(fit.heapAtKillBytes()).isEqualTo(24 * MIB);
    // (256 + 1000) / 0.9 = 1395.6 → 1396 MiB
    assertThat(fit.advice())
        .isEqualTo(
            "the non-heap memory alone leaves no room for a heap: raise the limit to at"
                + " least 1396 MiB");
  }

  @Test
  void theHostsMemoryIsNamedAsSuchAndGetsNoPercentage() {
    MemoryFit fit = MemoryFit.judge(8192 * MIB, 1024 * MIB, 8192 * MIB, false);
    assertThat(fit.summary()).contains("> the host's memory 8192 MiB");
    assertThat(fit.advice()).startsWith("-Xmx6348m would fit");
  }

  @Test
  void missingFiguresAreUnknown() {
    assertThat(MemoryFit.judge(-1, 100, 1000, true).summary())
        .isEqualTo("fit unknown: the heap's maximum is unknown (not measured, or undefined)");
    assertThat(MemoryFit.judge(100, -1, 1000, true).summary())
        .isEqualTo("fit unknown: the non-heap memory could not be measured");
    assertThat(MemoryFit.judge(100, 100, -1, false).state()).isEqualTo(MemoryFit.State.UNKNOWN);
  }
}
