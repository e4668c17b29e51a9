package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakscope.watchdog.ContainerMemory;
import io.leakscope.watchdog.JvmMemory;
import io.leakscope.watchdog.LiveSetVerdict;
import io.leakscope.watchdog.MemoryFootprint;
import io.leakscope.watchdog.ProcessMemory;
import io.leakscope.watchdog.TrendVerdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

  /**
   * Insufficient data is never shown as flat or healthy, and no time to a full heap is promised
   * from it; the count of readings so far is shown against the number needed.
   */
  @Test
  void insufficientDataIsCollectingDataWithTheReadingCountNeverFlat() {
    TrendVerdict waiting =
        new TrendVerdict(TrendVerdict.State.INSUFFICIENT_DATA, 3, 0.0, 1.0, 50_000_000, -1.0);
    List<String> lines = WatchScreen.render(frame(waiting, new long[] {1, 2, 3, 4}));
    assertThat(line(lines, "trend"))
        .isEqualTo("trend      collecting data: 3 of 8 readings in the window");
    assertThat(line(lines, "full heap")).isEqualTo("full heap  unknown until the trend is judged");
    assertThat(String.join("\n", lines)).doesNotContain("flat").doesNotContain("not in sight");

    TrendVerdict shortSpan =
        new TrendVerdict(TrendVerdict.State.INSUFFICIENT_DATA, 12, 500.0, 0.2, 50_000_000, -1.0);
    assertThat(line(WatchScreen.render(frame(shortSpan, new long[] {1, 2})), "trend"))
        .isEqualTo(
            "trend      collecting data: +29.3 KB/min over 1m 30s, not yet a whole window"
                + " (12 readings)");

    List<String> none = WatchScreen.render(frame(TrendVerdict.NONE, new long[0]));
    assertThat(line(none, "trend")).startsWith("trend      collecting data: 0 of 8 readings");

    TrendVerdict healthy =
        new TrendVerdict(TrendVerdict.State.HEALTHY, 9, 10.0, 0.4, 50_000_000, 1e6);
    assertThat(line(WatchScreen.render(frame(healthy, new long[] {1, 2})), "trend"))
        .contains(", flat (p=0.4000, 9 readings over 1m 30s)");
    TrendVerdict leaking =
        new TrendVerdict(TrendVerdict.State.LEAKING, 9, 1000.0, 1e-5, 50_000_000, 600);
    List<String> growing = WatchScreen.render(frame(leaking, new long[] {1, 2}));
    assertThat(line(growing, "trend")).contains(", growing (p<0.0001");
    assertThat(line(growing, "full heap")).isEqualTo("full heap  in about 10m 00s at this rate");
  }

  /**
   * The memory block under the live set, from a footprint with round numbers: the expected lines
   * are worked out by hand (non-heap = RSS 600 − committed heap 300; unaccounted = anonymous 550 −
   * heap, metaspace, class space, code cache and direct 392; 812 of 1024 MiB leaves 212 free; the
   * working set is 650 of 1024 MiB, 63%).
   */
  @Test
  void theMemoryBlockShowsRssHeapNonHeapByCategoryTheLimitAndTheFit() {
    long mib = 1L << 20;
    MemoryFootprint f =
        new MemoryFootprint(
            0,
            42,
            new ProcessMemory(600 * mib, 550 * mib, 50 * mib, 0, 0, 620 * mib, 40),
            new ContainerMemory(
                2,
                "/pod/app",
                Path.of("/sys/fs/cgroup/pod/app"),
                1024 * mib,
                700 * mib,
                50 * mib,
                650 * mib,
                0,
                List.of()),
            24L << 30,
            new JvmMemory(
                100 * mib, 300 * mib, 512 * mib, 60 * mib, 8 * mib, 20 * mib, 30, mib, 4 * mib, 2,
                0, 0),
            -1,
            null,
            List.of());
    List<String> lines = WatchScreen.render(frame(TrendVerdict.NONE, new long[0], f, null));

    assertThat(lines)
        .containsSubsequence(
            "memory     RSS 600.0 MB (peak 620.0 MB), heap 300.0 MB committed of 512.0 MB max",
            "non-heap   300.0 MB resident: metaspace 60.0 MB, class space 8.0 MB, code cache"
                + " 20.0 MB, thread stacks 30.0 MB reserved (30 threads), direct 4.0 MB, mapped"
                + " 0 B, unaccounted 158.0 MB",
            "limit      1.0 GB (cgroup v2), working set 650.0 MB (63%), headroom 374.0 MB",
            "fit        fits: heap max 512 MiB + non-heap 300 MiB = 812 MiB of the container's"
                + " limit 1024 MiB (212 MiB free)",
            "growing classes  none (all objects, no GC forced)");

    // a heap maximum of 900 MiB does not fit: the advice follows; without a cgroup, the host
    MemoryFootprint big =
        new MemoryFootprint(
            0,
            42,
            f.process(),
            null,
            1024 * mib,
            new JvmMemory(
                100 * mib, 300 * mib, 900 * mib, 60 * mib, 8 * mib, 20 * mib, 30, mib, 4 * mib, 2,
                0, 0),
            -1,
            null,
            List.of());
    List<String> tight = WatchScreen.render(frame(TrendVerdict.NONE, new long[0], big, null));
    assertThat(line(tight, "limit")).isEqualTo("limit      no memory cgroup found; host 1.0 GB");
    assertThat(line(tight, "fit")).startsWith("fit        does not fit (not a leak): heap max 900");
    assertThat(tight.get(tight.indexOf(line(tight, "fit")) + 1))
        .startsWith("           -Xmx")
        .contains(" would fit");

    assertThat(
            line(WatchScreen.render(frame(TrendVerdict.NONE, new long[0], null, "gone")), "memory"))
        .isEqualTo("memory     not measured: gone");
  }

  private static WatchScreen.Frame frame(TrendVerdict verdict, long[] live) {
    return frame(verdict, live, null, "not taken in this test");
  }

  private static WatchScreen.Frame frame(
      TrendVerdict verdict, long[] live, MemoryFootprint memory, String problem) {
    return new WatchScreen.Frame(
        42,
        "VM",
        5,
        "12:00:00",
        List.of("G1 Old Gen"),
        256L << 20,
        17,
        live,
        verdict,
        LiveSetVerdict.Basis.LIVE_SET,
        8,
        90_000,
        List.of(),
        false,
        List.of(),
        memory,
        problem);
  }

  private static String line(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }
}
