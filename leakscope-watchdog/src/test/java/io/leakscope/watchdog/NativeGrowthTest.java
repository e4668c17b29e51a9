package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link NativeGrowth} on synthetic series with seeded noise: 60 samples 10 s apart (10 minutes)
 * under a window of 10 minutes and a warm-up of 1 minute. A leak of a few KiB/s in one figure is
 * found and named; flat noise and a single step are quiet in every seed.
 */
class NativeGrowthTest {
  private static final int N = 60;
  private static final long STEP_MILLIS = 10_000;
  private static final long MIB = 1 << 20;
  private static final TrendSettings SETTINGS =
      new TrendSettings(Duration.ofMinutes(10), Duration.ofMinutes(1), 0.01, 4096, 0.05, 8);

  private static long[] times() {
    long[] t = new long[N];
    for (int i = 0; i < N; i++) {
      t[i] = 1_000_000 + i * STEP_MILLIS;
    }
    return t;
  }

  /** base + slope × t + uniform noise of ± noise × base. */
  private static long[] series(SplittableRandom r, long base, double bytesPerSecond, double noise) {
    long[] y = new long[N];
    for (int i = 0; i < N; i++) {
      double jitter = (r.nextDouble() * 2 - 1) * noise * base;
      y[i] = Math.round(base + bytesPerSecond * i * STEP_MILLIS / 1000.0 + jitter);
    }
    return y;
  }

  /** The JVM's usual figures, flat, and a non-heap total that includes {@code extra}. */
  private static Map<String, long[]> flatJvm(SplittableRandom r, long[] extra) {
    Map<String, long[]> s = new LinkedHashMap<>();
    long[] nonHeap = series(r, 200 * MIB, 0, 0.01);
    for (int i = 0; i < N; i++) {
      nonHeap[i] += extra[i];
    }
    s.put(NativeGrowth.NON_HEAP, nonHeap);
    s.put("metaspace", series(r, 60 * MIB, 0, 0.002));
    s.put("codeCache", series(r, 30 * MIB, 0, 0.01));
    s.put("directBuffers", series(r, 4 * MIB, 0, 0.0));
    s.put("threadStacks", series(r, 40 * MIB, 0, 0.0));
    return s;
  }

  @Test
  void flatNoisyNonHeapIsQuietInEverySeed() {
    for (int seed = 0; seed < 300; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      Map<String, long[]> s = flatJvm(r, new long[N]);
      s.put(NativeGrowth.UNACCOUNTED, series(r, 20 * MIB, 0, 0.05));
      NativeGrowth.Verdict v = NativeGrowth.judge(times(), s, N, false, false, SETTINGS);
      assertThat(v.state()).as("seed %d: %s", seed, v).isEqualTo(NativeGrowth.State.HEALTHY);
    }
  }

  @Test
  void aSingleStepIsNotGrowth() {
    // glibc opens an arena or the JIT compiles a burst: +16 MiB (8%) once, in the middle
    for (int seed = 0; seed < 300; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      long[] step = new long[N];
      for (int i = N / 2; i < N; i++) {
        step[i] = 16 * MIB;
      }
      Map<String, long[]> s = flatJvm(r, step);
      NativeGrowth.Verdict v = NativeGrowth.judge(times(), s, N, true, false, SETTINGS);
      assertThat(v.state()).as("seed %d: %s", seed, v).isEqualTo(NativeGrowth.State.HEALTHY);
    }
  }

  @Test
  void growingDirectBuffersAreNamed() {
    for (int seed = 0; seed < 50; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      long[] direct = series(r, 4 * MIB, 32 * 1024, 0.0); // 32 KiB/s, about 19 MiB in 10 min
      Map<String, long[]> s = flatJvm(r, direct);
      s.put("directBuffers", direct);
      s.put("nmt:Other", direct.clone());
      NativeGrowth.Verdict v = NativeGrowth.judge(times(), s, N, true, false, SETTINGS);

      assertThat(v.state()).as("seed %d: %s", seed, v).isEqualTo(NativeGrowth.State.GROWING);
      assertThat(v.cause()).as("the JVM's own figure before NMT's").isEqualTo("directBuffers");
      assertThat(v.causeBytesPerSecond()).isCloseTo(32 * 1024 + 4 * MIB / 1e9, within(1.0));
      assertThat(v.summary())
          .matches(
              "native growth: direct buffers \\+1\\.9 MiB/min of non-heap memory's"
                  + " \\+\\d\\.\\d MiB/min, while the live set is flat");
      assertThat(v.nextStep()).contains("DirectByteBuffer");
    }
  }

  /**
   * NMT's "Other" grows and the direct buffer pool is flat: Unsafe.allocateMemory (or native code),
   * whose next step is NMT's detail mode, not a heap dump's DirectByteBuffers.
   */
  @Test
  void otherGrowingWithFlatDirectBuffersIsUnsafeOrNativeCode() {
    SplittableRandom r = new SplittableRandom(11);
    long[] unsafe = series(r, 0, 32 * 1024, 0.0);
    Map<String, long[]> s = flatJvm(r, unsafe);
    s.put("nmt:Other", series(r, 4 * MIB, 32 * 1024, 0.0));
    NativeGrowth.Verdict v = NativeGrowth.judge(times(), s, N, true, false, SETTINGS);

    assertThat(v.cause()).as("%s", v).isEqualTo("nmt:Other");
    assertThat(v.nextStep())
        .isEqualTo(NativeGrowth.NOT_DIRECT_BUFFERS)
        .contains("Unsafe.allocateMemory", "-XX:NativeMemoryTracking=detail")
        .doesNotContain("DirectByteBuffer");

    s.remove("directBuffers"); // not measured: the general step for "Other"
    assertThat(NativeGrowth.judge(times(), s, N, true, false, SETTINGS).nextStep())
        .contains("DirectByteBuffer");
  }

  @Test
  void growthNoFigureExplainsIsOutsideTheAccountingWithTheNextStepForNmt() {
    SplittableRandom r = new SplittableRandom(7);
    long[] malloc = series(r, 0, 20 * 1024, 0.0);
    Map<String, long[]> off = flatJvm(r, malloc);
    off.put(NativeGrowth.UNACCOUNTED, series(r, 20 * MIB, 20 * 1024, 0.005));

    NativeGrowth.Verdict withoutNmt = NativeGrowth.judge(times(), off, N, false, false, SETTINGS);
    assertThat(withoutNmt.state()).isEqualTo(NativeGrowth.State.GROWING);
    assertThat(withoutNmt.cause()).isEqualTo(NativeGrowth.UNACCOUNTED);
    assertThat(withoutNmt.nextStep()).contains("-XX:NativeMemoryTracking=summary");

    NativeGrowth.Verdict withNmt = NativeGrowth.judge(times(), off, N, true, true, SETTINGS);
    assertThat(withNmt.nextStep()).contains("MALLOC_ARENA_MAX=2").contains("nativemem");
    assertThat(withNmt.summary()).contains("; the live set grows too");

    off.remove(NativeGrowth.UNACCOUNTED);
    NativeGrowth.Verdict unexplained = NativeGrowth.judge(times(), off, N, false, false, SETTINGS);
    assertThat(unexplained.cause()).isNull();
    assertThat(unexplained.summary())
        .matches(
            "native growth: non-heap memory \\+1\\.\\d MiB/min, outside what the JVM accounts for,"
                + " while the live set is flat");
    assertThat(unexplained.nextStep()).contains("-XX:NativeMemoryTracking=summary");
  }

  @Test
  void leakingThreadsAreNamedByTheirStacks() {
    SplittableRandom r = new SplittableRandom(3);
    long[] stacks = new long[N];
    long[] resident = new long[N];
    for (int i = 0; i < N; i++) {
      stacks[i] = (40 + i) * MIB; // a thread of 1 MiB reserved stack every 10 s
      resident[i] = i * 256L * 1024; // of which 256 KiB are touched
    }
    Map<String, long[]> s = flatJvm(r, resident);
    s.put("threadStacks", stacks);
    NativeGrowth.Verdict v = NativeGrowth.judge(times(), s, N, false, false, SETTINGS);
    assertThat(v.state()).as("%s", v).isEqualTo(NativeGrowth.State.GROWING);
    assertThat(v.cause()).isEqualTo("threadStacks");
    assertThat(v.nextStep()).contains("Thread.print");
  }

  @Test
  void tooFewSamplesAfterWarmUpIsInsufficientData() {
    SplittableRandom r = new SplittableRandom(1);
    Map<String, long[]> s = flatJvm(r, new long[N]);
    NativeGrowth.Verdict v = NativeGrowth.judge(times(), s, 12, false, false, SETTINGS);
    assertThat(v.state()).isEqualTo(NativeGrowth.State.INSUFFICIENT_DATA);
    assertThat(v.summary()).isEqualTo("not enough samples yet (6 of 8 after warm-up)");
  }

  /**
   * Enough samples over a short span, rising in a zigzag: 1 MiB per sample with ±4 MiB alternating
   * on top. 31 of the 45 pairs rise and 14 fall (Mann–Kendall S = 17 of a standard deviation of
   * 11.2: p about 0.15, not significant), while the median pairwise slope is that of the 20 pairs
   * of equal parity, 1 MiB per 10 s, which over a 10-minute window would be a leak. So it is too
   * early to tell, and the summary says that with the slope, not that samples are missing.
   */
  @Test
  void enoughSamplesOverAShortSpanSayWhyItIsTooEarly() {
    SplittableRandom r = new SplittableRandom(2);
    Map<String, long[]> s = flatJvm(r, new long[N]);
    long[] nonHeap = s.get(NativeGrowth.NON_HEAP);
    for (int i = 0; i < 10; i++) { // samples 6..15: after the 1-minute warm-up
      nonHeap[6 + i] = 200 * MIB + (i + (i % 2 == 0 ? 4 : -4)) * MIB;
    }
    NativeGrowth.Verdict v = NativeGrowth.judge(times(), s, 16, false, false, SETTINGS);
    assertThat(v.state()).as("%s", v).isEqualTo(NativeGrowth.State.INSUFFICIENT_DATA);
    assertThat(v.samples()).isEqualTo(10);
    assertThat(v.bytesPerSecond()).isCloseTo(MIB / 10.0, within(1.0));
    assertThat(v.pValue()).isBetween(0.01, 1.0);
    assertThat(v.summary())
        .isEqualTo(
            "non-heap memory +6.0 MiB/min over 90 s (10 samples after warm-up): too short a span"
                + " to call it growing or flat");
  }

  private static org.assertj.core.data.Offset<Double> within(double v) {
    return org.assertj.core.data.Offset.offset(v);
  }
}
