package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * {@link LiveSetVerdict} on recorded ZGC readings: the usage after each cycle (JDK 17: the whole
 * {@code ZHeap}; JDK 25: the old generation after each major cycle) of the {@code TimeToVerdict}
 * children of 2026-12-05 (see {@code leakscope-benchmarks/results/2026-12-05-time-to-verdict.md}),
 * read from their {@code -Xlog:gc*} files: ZGC counts in 2 MiB pages, which the log's megabytes
 * show exactly. Each run is replayed as the watchdog replays it with its default settings: every
 * reading into the watchdog's buckets ({@link LiveSetSeries#forWindow}), a check every 10 s, the
 * readings of the first two minutes dropped.
 */
class LiveSetVerdictTest {

  private static final long CHECK_MILLIS = 10_000;
  private static final TrendSettings DEFAULTS = TrendSettings.defaults();

  /** Readings of a healthy service (cache churning at its bound, or garbage only). */
  private static final List<String> HEALTHY =
      List.of(
          "cache-17-Z-after",
          "cache-25-Z-after",
          "cache-17-Z-before",
          "cache-25-Z-before",
          "steady-17-Z-after",
          "steady-25-Z-after",
          "steady-17-Z-before",
          "steady-25-Z-before");

  /** A leak of 1% of the heap a minute. */
  private static final List<String> LEAKING =
      List.of("leak-17-Z-after", "leak-25-Z-after", "leak-17-Z-before", "leak-25-Z-before");

  @Test
  void aChurningCacheOnZgcRaisesNoAlarm() throws IOException {
    for (String run : HEALTHY) {
      assertThat(leakingChecks(run, true)).as(run).isEmpty();
    }
  }

  /** The same replay with the ordinary relative rule: the false alarms of the measurement. */
  @Test
  void withoutTheFloorTheCacheRaisesTheMeasuredFalseAlarms() throws IOException {
    for (String run : List.of("cache-17-Z-after", "cache-25-Z-after", "cache-17-Z-before")) {
      assertThat(leakingChecks(run, false)).as(run).isNotEmpty();
    }
  }

  @Test
  void aLeakOnZgcIsStillCalledWithinTenMinutesAndStaysCalled() throws IOException {
    for (String run : LEAKING) {
      List<Long> leaking = leakingChecks(run, true);
      assertThat(leaking).as(run).isNotEmpty();
      assertThat(leaking.get(0)).as(run + ": first leaking check").isLessThan(600_000);
      long last = readings(run).get(readings(run).size() - 1)[0];
      assertThat(leaking.get(leaking.size() - 1))
          .as(run + ": still leaking at the end")
          .isGreaterThan(last - 60_000);
    }
  }

  @Test
  void theFloorAppliesToZgcAndShenandoahOnly() {
    assertThat(LiveSetVerdict.compactsPartially(List.of("ZGC Cycles", "ZGC Pauses"))).isTrue();
    assertThat(LiveSetVerdict.compactsPartially(List.of("ZGC Minor Cycles", "ZGC Major Cycles")))
        .isTrue();
    assertThat(LiveSetVerdict.compactsPartially(List.of("Shenandoah Cycles"))).isTrue();
    assertThat(
            LiveSetVerdict.compactsPartially(List.of("G1 Young Generation", "G1 Old Generation")))
        .isFalse();
    assertThat(LiveSetVerdict.compactsPartially(List.of("PS Scavenge", "PS MarkSweep"))).isFalse();
    assertThat(LiveSetVerdict.compactsPartially(List.of("Copy", "MarkSweepCompact"))).isFalse();
    assertThat(LiveSetVerdict.forPartialCompaction(DEFAULTS).minRelativeGrowth())
        .isEqualTo(LiveSetVerdict.PARTIAL_COMPACTION_GARBAGE);
  }

  /** Upper bounds prove healthy only: a growing bound leaves insufficient data, not leaking. */
  @Test
  void upperBoundsNeverGiveLeaking() {
    int n = 40;
    long[] t = new long[n];
    long[] growing = new long[n];
    long[] flat = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = i * 15_000L;
      growing[i] = 100_000_000L + i * 2_000_000L;
      flat[i] = 100_000_000L + (i % 3) * 1_000;
    }
    TrendSettings s = zeroWarmUp();
    LiveSetVerdict.Judged up =
        LiveSetVerdict.judge(new long[0], new long[0], 0, t, growing, n, -1, s, false);
    assertThat(up.verdict().state()).isEqualTo(TrendVerdict.State.INSUFFICIENT_DATA);
    assertThat(up.basis()).isEqualTo(LiveSetVerdict.Basis.LIVE_SET);
    LiveSetVerdict.Judged level =
        LiveSetVerdict.judge(new long[0], new long[0], 0, t, flat, n, -1, s, false);
    assertThat(level.verdict().state()).isEqualTo(TrendVerdict.State.HEALTHY);
    assertThat(level.basis()).isEqualTo(LiveSetVerdict.Basis.UPPER_BOUND);
    LiveSetVerdict.Judged readings =
        LiveSetVerdict.judge(t, growing, n, new long[0], new long[0], 0, -1, s, false);
    assertThat(readings.verdict().state()).isEqualTo(TrendVerdict.State.LEAKING);
    assertThat(readings.basis()).isEqualTo(LiveSetVerdict.Basis.LIVE_SET);
  }

  /** The check times (uptime milliseconds) at which the replayed watchdog said leaking. */
  private static List<Long> leakingChecks(String run, boolean compactsPartially)
      throws IOException {
    List<long[]> readings = readings(run);
    long warmUpEnds = DEFAULTS.warmUp().toMillis();
    List<Long> leaking = new ArrayList<>();
    LiveSetSeries series = LiveSetSeries.forWindow(DEFAULTS.window());
    int next = 0;
    long end = readings.get(readings.size() - 1)[0];
    for (long check = CHECK_MILLIS; check <= end; check += CHECK_MILLIS) {
      while (next < readings.size() && readings.get(next)[0] <= check) {
        series.record(readings.get(next)[0], readings.get(next)[1]);
        next++;
      }
      LiveSetSeries.Series s = series.readings();
      int from = 0;
      while (from < s.count() && s.timesMillis()[from] < warmUpEnds) {
        from++;
      }
      long[] t = Arrays.copyOfRange(s.timesMillis(), from, s.count());
      long[] y = Arrays.copyOfRange(s.liveBytes(), from, s.count());
      LiveSetVerdict.Judged judged =
          LiveSetVerdict.judge(
              t, y, t.length, new long[0], new long[0], 0, -1, zeroWarmUp(), compactsPartially);
      if (judged.verdict().leaking()) {
        leaking.add(check);
      }
    }
    return leaking;
  }

  private static TrendSettings zeroWarmUp() {
    return new TrendSettings(
        DEFAULTS.window(),
        Duration.ZERO,
        DEFAULTS.maxPValue(),
        DEFAULTS.minGrowthBytesPerSecond(),
        DEFAULTS.minRelativeGrowth(),
        DEFAULTS.minSamples());
  }

  private static List<long[]> readings(String run) throws IOException {
    List<long[]> out = new ArrayList<>();
    try (InputStream in =
            Objects.requireNonNull(
                LiveSetVerdictTest.class.getResourceAsStream("/zgc-readings/" + run + ".csv"),
                run);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(",");
        out.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
      }
    }
    assertThat(out).as(run).hasSizeGreaterThan(30);
    return out;
  }
}
