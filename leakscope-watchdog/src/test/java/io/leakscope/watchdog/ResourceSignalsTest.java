package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Sampling and judging with a scripted probe: one sample a second, a 60 s window. */
class ResourceSignalsTest {

  private static final TrendSettings TREND =
      new TrendSettings(Duration.ofSeconds(60), Duration.ofSeconds(10), 0.01, 1024, 0.025, 8);

  private final ScriptedProbe probe = new ScriptedProbe();

  @Test
  void samplesOnlyWhenTheIntervalHasPassed() {
    ResourceSignals signals = new ResourceSignals(probe, 10, 1000);
    assertThat(signals.sampleIfDue(5_000)).isTrue();
    assertThat(signals.sampleIfDue(5_999)).isFalse();
    assertThat(signals.sampleIfDue(6_000)).isTrue();
    assertThat(probe.reads).isEqualTo(2);
  }

  @Test
  void beforeTheFirstSampleSignalsAreAvailableWithoutAValue() {
    probe.unavailable.put(Signal.OPEN_FDS, "no Unix OperatingSystemMXBean");
    Signals none = new ResourceSignals(probe, 10, 1000).judge(TREND);
    assertThat(none.available(Signal.THREADS)).isTrue();
    assertThat(none.available(Signal.OPEN_FDS)).isFalse();
    assertThat(none.value(Signal.THREADS)).isEqualTo(-1);
    assertThat(none.growing(Signal.THREADS)).isFalse();
  }

  @Test
  void aThreadPerTwoSecondsIsGrowthAtHalfAThreadASecond() {
    ResourceSignals signals = new ResourceSignals(probe, 200, 1000);
    for (int s = 0; s <= 80; s++) {
      probe.set(Signal.THREADS, 40 + s / 2).set(Signal.OPEN_FDS, 100);
      signals.sampleIfDue(s * 1000L);
    }
    Signals judged = signals.judge(TREND);
    assertThat(judged.value(Signal.THREADS)).isEqualTo(80);
    assertThat(judged.growing(Signal.THREADS)).isTrue();
    assertThat(judged.growthPerSecond(Signal.THREADS)).isEqualTo(0.5);
    assertThat(judged.pValue(Signal.THREADS)).isLessThan(1e-6);
    // The window: samples from 20 s to 80 s.
    assertThat(judged.samples(Signal.THREADS)).isEqualTo(61);
    assertThat(judged.growing(Signal.OPEN_FDS)).isFalse();
    assertThat(judged.pValue(Signal.OPEN_FDS)).isEqualTo(1.0);
  }

  @Test
  void growthBelowTheSignalsMinimumPerWindowIsNotCalledGrowing() {
    ResourceSignals signals = new ResourceSignals(probe, 200, 1000);
    // 9 more threads over the 60 s window, steadily: significant, but under THREADS' 10.
    for (int s = 0; s <= 80; s++) {
      probe.set(Signal.THREADS, 40 + (s * 9) / 60);
      signals.sampleIfDue(s * 1000L);
    }
    Signals judged = signals.judge(TREND);
    assertThat(judged.pValue(Signal.THREADS)).isLessThan(0.01);
    assertThat(judged.growing(Signal.THREADS)).isFalse();
  }

  @Test
  void aPoolThatGrowsDuringWarmUpAndThenStaysIsNotGrowing() {
    ResourceSignals signals = new ResourceSignals(probe, 200, 1000);
    for (int s = 0; s <= 80; s++) {
      probe.set(Signal.THREADS, s < 10 ? 10 + 20 * s : 200);
      signals.sampleIfDue(s * 1000L);
    }
    assertThat(signals.judge(TREND).growing(Signal.THREADS)).isFalse();
  }

  @Test
  void noisyButFlatDescriptorsAreNeverCalledGrowingOverManySeeds() {
    int alarms = 0;
    for (int seed = 0; seed < 200; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      ScriptedProbe noisy = new ScriptedProbe();
      ResourceSignals signals = new ResourceSignals(noisy, 200, 1000);
      for (int s = 0; s <= 80; s++) {
        noisy.set(Signal.OPEN_FDS, 200 + random.nextInt(-20, 21));
        signals.sampleIfDue(s * 1000L);
      }
      alarms += signals.judge(TREND).growing(Signal.OPEN_FDS) ? 1 : 0;
    }
    assertThat(alarms).isZero();
  }

  @Test
  void directMemoryGrowingAMegabyteAMinuteIsGrowing() {
    ResourceSignals signals = new ResourceSignals(probe, 200, 1000);
    for (int s = 0; s <= 80; s++) {
      probe.set(Signal.DIRECT_BUFFER_BYTES, (4L << 20) + s * (2L << 20) / 60);
      signals.sampleIfDue(s * 1000L);
    }
    assertThat(signals.judge(TREND).growing(Signal.DIRECT_BUFFER_BYTES)).isTrue();
  }

  @Test
  void anUnavailableSignalHasNoValueAndNoVerdict() {
    probe.unavailable.put(Signal.OPEN_FDS, "no Unix OperatingSystemMXBean");
    ResourceSignals signals = new ResourceSignals(probe, 200, 1000);
    for (int s = 0; s <= 80; s++) {
      probe.set(Signal.OPEN_FDS, s * 100);
      signals.sampleIfDue(s * 1000L);
    }
    Signals judged = signals.judge(TREND);
    assertThat(judged.available(Signal.OPEN_FDS)).isFalse();
    assertThat(judged.value(Signal.OPEN_FDS)).isEqualTo(-1);
    assertThat(judged.growing(Signal.OPEN_FDS)).isFalse();
    assertThat(judged.available(Signal.THREADS)).isTrue();
    assertThat(signals.unavailable()).containsOnlyKeys(Signal.OPEN_FDS);
  }

  @Test
  void failedReadsAreLeftOutOfTheTrend() {
    ResourceSignals signals = new ResourceSignals(probe, 200, 1000);
    for (int s = 0; s <= 80; s++) {
      // Every third read of the class loader count fails; the others climb one a second.
      probe.set(Signal.CLASS_LOADERS, s % 3 == 0 ? -1 : 50 + s);
      signals.sampleIfDue(s * 1000L);
    }
    Signals judged = signals.judge(TREND);
    // The window holds seconds 20 to 80: 61 samples, of which 20 (21, 24, … 78) failed.
    assertThat(judged.samples(Signal.CLASS_LOADERS)).isEqualTo(41);
    assertThat(judged.growthPerSecond(Signal.CLASS_LOADERS)).isEqualTo(1.0);
    assertThat(judged.growing(Signal.CLASS_LOADERS)).isTrue();
  }

  @Test
  void theRingKeepsTheLatestSamplesOnly() {
    ResourceSignals signals = new ResourceSignals(probe, 20, 1000);
    // Falling for a long time, then climbing for the last 20 samples: only the climb is kept.
    for (int s = 0; s < 100; s++) {
      probe.set(Signal.THREADS, s < 80 ? 1000 - s : 920 + 5 * (s - 79));
      signals.sampleIfDue(s * 1000L);
    }
    Signals judged = signals.judge(TREND);
    assertThat(judged.samples(Signal.THREADS)).isEqualTo(20);
    assertThat(judged.growthPerSecond(Signal.THREADS)).isEqualTo(5.0);
  }
}
