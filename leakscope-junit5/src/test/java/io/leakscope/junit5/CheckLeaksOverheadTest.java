package io.leakscope.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.junit5.probe.CheckedEmptyTestsProbe;
import io.leakscope.junit5.probe.EmptyTestsProbe;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Measures what {@code @CheckLeaks} adds to a class of 20 empty tests when nothing leaks. Prints
 * the numbers and asserts no timing: shared CI machines are too noisy for a time limit.
 */
class CheckLeaksOverheadTest {

  private static final int WARM_UP_RUNS = 5;
  private static final int MEASURED_RUNS = 15;

  @Test
  void printsOverheadOfTwentyEmptyTestsWhenNothingLeaks() {
    for (int i = 0; i < WARM_UP_RUNS; i++) {
      runMillis(EmptyTestsProbe.class);
      runMillis(CheckedEmptyTestsProbe.class);
    }
    double[] plain = new double[MEASURED_RUNS];
    double[] checked = new double[MEASURED_RUNS];
    for (int i = 0; i < MEASURED_RUNS; i++) {
      // Interleaved, so drift in machine load hits both sides alike.
      plain[i] = runMillis(EmptyTestsProbe.class);
      checked[i] = runMillis(CheckedEmptyTestsProbe.class);
    }
    double plainMedian = median(plain);
    double checkedMedian = median(checked);
    System.out.printf(
        "@CheckLeaks overhead, class of 20 empty tests, median of %d runs: %.2f ms without,"
            + " %.2f ms with, %.2f ms added per class (%.3f ms per test)%n",
        MEASURED_RUNS,
        plainMedian,
        checkedMedian,
        checkedMedian - plainMedian,
        (checkedMedian - plainMedian) / 20);
  }

  private static double runMillis(Class<?> probe) {
    long start = System.nanoTime();
    ProbeRun run = ProbeRun.of(probe);
    double millis = (System.nanoTime() - start) / 1e6;
    assertThat(run.results.testEvents().succeeded().count()).isEqualTo(20);
    return millis;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
