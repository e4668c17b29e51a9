package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link MemoryMonitor} on scripted footprints of a JVM in a 1 GiB container: each finding comes
 * once per episode, only when its rule holds, and a check before the sample interval samples
 * nothing.
 */
class MemoryMonitorTest {
  private static final long MIB = 1 << 20;
  private static final long INTERVAL = 30_000;
  private static final TrendSettings SETTINGS =
      new TrendSettings(Duration.ofMinutes(10), Duration.ofMinutes(1), 0.01, 4096, 0.05, 8);

  /** A footprint: RSS = resident heap 200 MiB + non-heap; direct buffers as given. */
  static MemoryFootprint footprint(
      long time, long heapMax, long nonHeap, long direct, long workingSet, String nmt) {
    ProcessMemory p =
        new ProcessMemory(200 * MIB + nonHeap, 180 * MIB + nonHeap, 20 * MIB, 0, 0, -1, 30);
    ContainerMemory c =
        new ContainerMemory(
            2,
            "/pod",
            Path.of("/sys/fs/cgroup"),
            1024 * MIB,
            workingSet + 10 * MIB,
            10 * MIB,
            workingSet,
            0,
            List.of());
    JvmMemory j =
        new JvmMemory(
            100 * MIB, 256 * MIB, heapMax, 50 * MIB, 6 * MIB, 20 * MIB, 30, MIB, direct, 5, 0, 0);
    return new MemoryFootprint(
        time,
        1,
        p,
        c,
        64L << 30,
        j,
        200 * MIB,
        nmt == null ? null : NativeMemoryTracking.parse(nmt),
        List.of());
  }

  private static String nmt(long otherKb) {
    return "Total: reserved=900000KB, committed=600000KB\n"
        + "-                     Other (reserved="
        + otherKb
        + "KB, committed="
        + otherKb
        + "KB)\n";
  }

  @Test
  void aJvmThatDoesNotFitIsReportedOncePerEpisode() {
    long[] nonHeap = {300, 300, 300, 100, 100, 300};
    List<MemoryFootprint> script = new ArrayList<>();
    for (int i = 0; i < nonHeap.length; i++) {
      script.add(footprint(i * INTERVAL, 768 * MIB, nonHeap[i] * MIB, 4 * MIB, 500 * MIB, null));
    }
    MemoryMonitor m = new MemoryMonitor(scripted(script), 32, INTERVAL, 0.9);
    List<Integer> reportedAt = new ArrayList<>();
    for (int i = 0; i < nonHeap.length; i++) {
      for (MemoryMonitor.Finding f : m.check(i * INTERVAL, false, SETTINGS)) {
        if (f.kind() == MemoryMonitor.Kind.DOES_NOT_FIT) {
          reportedAt.add(i);
          // 768 + 300 = 1068 MiB > 1024; the kernel steps in at 1024 − 300 = 724 MiB of heap
          assertThat(f.fields()).containsEntry("heapAtKillBytes", 724 * MIB);
          assertThat(f.fields()).containsEntry("containerLimit", true);
        }
      }
    }
    assertThat(reportedAt).containsExactly(0, 5);
  }

  @Test
  void growingDirectBuffersAreOneNativeGrowthFindingWithNmtGrowth() {
    List<MemoryFootprint> script = new ArrayList<>();
    int n = 30; // 15 minutes
    for (int i = 0; i < n; i++) {
      long direct = 4 * MIB + i * 2 * MIB; // 2 MiB every 30 s
      long wobble = (i % 3) * MIB / 2;
      script.add(
          footprint(
              i * INTERVAL,
              512 * MIB,
              200 * MIB + direct + wobble,
              direct,
              500 * MIB,
              nmt(direct >> 10)));
    }
    MemoryMonitor m = new MemoryMonitor(scripted(script), 64, INTERVAL, 0.9);
    List<MemoryMonitor.Finding> growth = new ArrayList<>();
    int firstAt = -1;
    for (int i = 0; i < n; i++) {
      for (MemoryMonitor.Finding f : m.check(i * INTERVAL, false, SETTINGS)) {
        if (f.kind() == MemoryMonitor.Kind.NATIVE_GROWTH) {
          growth.add(f);
          firstAt = firstAt < 0 ? i : firstAt;
        }
      }
    }
    assertThat(growth).hasSize(1);
    // 2 warm-up samples, then 8 samples are needed
    assertThat(firstAt).isBetween(9, 12);
    Map<String, Object> fields = growth.get(0).fields();
    assertThat(fields)
        .containsEntry("cause", "directBuffers")
        .containsEntry("liveSetGrowing", false);
    @SuppressWarnings("unchecked")
    Map<String, Long> nmtGrowth = (Map<String, Long>) fields.get("nmtGrowthBytes");
    assertThat(nmtGrowth).containsEntry("Other", (long) firstAt * 2 * MIB);

    // the verdict is published at every sample, not only with the finding: the metrics read it
    MemoryStatus latest = m.latestStatus();
    assertThat(latest.growth().state()).isEqualTo(NativeGrowth.State.GROWING);
    assertThat(latest.growth().cause()).isEqualTo("directBuffers");
    // 2 MiB every 30 s, the wobble repeating every 3 samples
    assertThat(latest.growth().bytesPerSecond()).isCloseTo(2.0 * MIB / 30, within(2000.0));
    MetricSeries growing = new MetricSeries(MetricFamily.NATIVE_GROWING, null);
    assertThat(growing.value(TrendVerdict.NONE, signals(), latest)).isEqualTo(1);
  }

  private static Signals signals() {
    int n = Signal.values().length;
    return new Signals(new long[n], new boolean[n], new Signals.Trend[n]);
  }

  @Test
  void aFlatJvmHasNoGrowthFinding() {
    List<MemoryFootprint> script = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      script.add(
          footprint(i * INTERVAL, 512 * MIB, (200 + (i * 7) % 5) * MIB, 4 * MIB, 500 * MIB, null));
    }
    MemoryMonitor m = new MemoryMonitor(scripted(script), 64, INTERVAL, 0.9);
    for (int i = 0; i < 30; i++) {
      assertThat(m.check(i * INTERVAL, false, SETTINGS)).as("sample %d", i).isEmpty();
    }
    assertThat(m.latestStatus().growth().state()).isEqualTo(NativeGrowth.State.HEALTHY);
    assertThat(
            new MetricSeries(MetricFamily.NATIVE_GROWING, null)
                .value(TrendVerdict.NONE, signals(), m.latestStatus()))
        .isZero();
  }

  @Test
  void theWorkingSetPassingTheShareOfTheLimitIsReportedAgainOnlyAfterFallingBelowIt() {
    long[] workingSet = {
      800, 930, 950, 900, 850, 925
    }; // 90% of 1024 MiB is 921.6, re-armed < 870.4
    List<MemoryFootprint> script = new ArrayList<>();
    for (int i = 0; i < workingSet.length; i++) {
      script.add(footprint(i * INTERVAL, 512 * MIB, 200 * MIB, 4 * MIB, workingSet[i] * MIB, null));
    }
    MemoryMonitor m = new MemoryMonitor(scripted(script), 32, INTERVAL, 0.9);
    List<Integer> reportedAt = new ArrayList<>();
    for (int i = 0; i < workingSet.length; i++) {
      for (MemoryMonitor.Finding f : m.check(i * INTERVAL, false, SETTINGS)) {
        if (f.kind() == MemoryMonitor.Kind.NEAR_LIMIT) {
          reportedAt.add(i);
        }
      }
    }
    assertThat(reportedAt).containsExactly(1, 5);
  }

  @Test
  void aCheckBeforeTheIntervalSamplesNothing() {
    List<Long> asked = new ArrayList<>();
    MemoryMonitor m =
        new MemoryMonitor(
            now -> {
              asked.add(now);
              return footprint(now, 512 * MIB, 200 * MIB, 0, 100 * MIB, null);
            },
            8,
            INTERVAL,
            0.9);
    m.check(0, false, SETTINGS);
    m.check(INTERVAL - 1, false, SETTINGS);
    m.check(INTERVAL, false, SETTINGS);
    assertThat(asked).containsExactly(0L, INTERVAL);
    assertThat(m.latest().timeMillis()).isEqualTo(INTERVAL);
  }

  private static MemoryMonitor.Source scripted(List<MemoryFootprint> script) {
    return now -> script.get((int) (now / INTERVAL));
  }
}
