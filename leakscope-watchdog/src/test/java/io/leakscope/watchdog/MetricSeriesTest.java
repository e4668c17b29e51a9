package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The series and their values in each verdict state: the contract of the metrics. */
class MetricSeriesTest {

  private static final int N = Signal.values().length;

  private static Signals signals(boolean classLoaders) {
    long[] values = new long[N];
    Arrays.fill(values, 7);
    boolean[] available = new boolean[N];
    Arrays.fill(available, true);
    available[Signal.CLASS_LOADERS.ordinal()] = classLoaders;
    Signals.Trend[] trends = new Signals.Trend[N];
    trends[Signal.OPEN_FDS.ordinal()] = new Signals.Trend(true, 0.5, 0.001, 30);
    trends[Signal.THREADS.ordinal()] = new Signals.Trend(false, 0.0, 0.6, 30);
    return new Signals(values, available, trends);
  }

  private static double value(List<MetricSeries> series, String key, TrendVerdict v, Signals s) {
    return series.stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow().value(v, s);
  }

  @Test
  void theFamiliesHaveTheNamesTheDeployFilesAndDocsUse() {
    assertThat(Arrays.stream(MetricFamily.values()).map(MetricFamily::prometheusName))
        .containsExactly(
            "leakscope_state",
            "leakscope_leak_suspected",
            "leakscope_live_set_readings",
            "leakscope_live_set_bytes",
            "leakscope_live_set_growth_bytes_per_second",
            "leakscope_live_set_growth_p_value",
            "leakscope_heap_time_to_full_seconds",
            "leakscope_class_loaders",
            "leakscope_resource_growing",
            "leakscope_resource_growth_rate",
            "leakscope_resource_growth_p_value",
            "leakscope_process_resident_bytes",
            "leakscope_container_memory_limit_bytes",
            "leakscope_container_memory_usage_bytes",
            "leakscope_container_memory_working_set_bytes",
            "leakscope_memory_non_heap_bytes",
            "leakscope_memory_unaccounted_bytes",
            "leakscope_native_memory_committed_bytes",
            "leakscope_memory_fit",
            "leakscope_memory_headroom_bytes",
            "leakscope_native_growing",
            "leakscope_native_growth_bytes_per_second");
  }

  @Test
  void perSignalSeriesCoverTheTrendedSignalsTheJvmOffersAndKeysAreUnique() {
    List<MetricSeries> all = MetricSeries.of(signals(true));
    // 3 kinds of RSS, 3 container figures, non-heap, unaccounted, 12 NMT labels, fit, headroom,
    // native growing and growth
    int memory = 3 + 3 + 2 + 12 + 4;
    assertThat(all).hasSize(8 + 3 * 6 + memory).isEqualTo(MetricSeries.all());
    assertThat(all.stream().map(MetricSeries::key).distinct()).hasSize(all.size());
    assertThat(all.stream().map(MetricSeries::key))
        .contains("leakscope_resource_growing{signal=\"openFds\"}", "leakscope_class_loaders");
    assertThat(MetricSeries.of(signals(false)))
        .extracting(MetricSeries::key)
        .doesNotContain(
            "leakscope_class_loaders", "leakscope_resource_growing{signal=\"classLoaders\"}")
        .hasSize(7 + 3 * 5 + memory);
  }

  @Test
  void insufficientDataIsStateZeroAndNeverAZeroLeakOrGrowth() {
    Signals s = signals(true);
    List<MetricSeries> series = MetricSeries.of(s);
    TrendVerdict none = TrendVerdict.NONE;
    assertThat(value(series, "leakscope_state", none, s)).isZero();
    assertThat(value(series, "leakscope_leak_suspected", none, s)).isNaN();
    assertThat(value(series, "leakscope_live_set_readings", none, s)).isZero();
    assertThat(value(series, "leakscope_live_set_bytes", none, s)).isNaN();
    assertThat(value(series, "leakscope_live_set_growth_bytes_per_second", none, s)).isNaN();
    assertThat(value(series, "leakscope_live_set_growth_p_value", none, s)).isNaN();
    assertThat(value(series, "leakscope_heap_time_to_full_seconds", none, s)).isNaN();

    TrendVerdict few =
        new TrendVerdict(TrendVerdict.State.INSUFFICIENT_DATA, 3, 0.0, 1.0, 50_000_000, -1);
    assertThat(value(series, "leakscope_live_set_readings", few, s)).isEqualTo(3);
    assertThat(value(series, "leakscope_live_set_bytes", few, s)).isEqualTo(50_000_000);
    assertThat(value(series, "leakscope_leak_suspected", few, s)).isNaN();
  }

  @Test
  void healthyAndLeakingCarryTheVerdict() {
    Signals s = signals(true);
    List<MetricSeries> series = MetricSeries.of(s);
    TrendVerdict healthy =
        new TrendVerdict(TrendVerdict.State.HEALTHY, 40, -12.5, 0.9, 80_000_000, -1);
    assertThat(value(series, "leakscope_state", healthy, s)).isEqualTo(1);
    assertThat(value(series, "leakscope_leak_suspected", healthy, s)).isZero();
    assertThat(value(series, "leakscope_live_set_growth_bytes_per_second", healthy, s))
        .isEqualTo(-12.5);
    assertThat(value(series, "leakscope_live_set_growth_p_value", healthy, s)).isEqualTo(0.9);
    assertThat(value(series, "leakscope_heap_time_to_full_seconds", healthy, s)).isNaN();

    TrendVerdict leaking =
        new TrendVerdict(TrendVerdict.State.LEAKING, 40, 1e6, 1e-9, 80_000_000, 3600);
    assertThat(value(series, "leakscope_state", leaking, s)).isEqualTo(2);
    assertThat(value(series, "leakscope_leak_suspected", leaking, s)).isEqualTo(1);
    assertThat(value(series, "leakscope_live_set_growth_bytes_per_second", leaking, s))
        .isEqualTo(1e6);
    assertThat(value(series, "leakscope_heap_time_to_full_seconds", leaking, s)).isEqualTo(3600);
  }

  @Test
  void perSignalSeriesReadTheSignalsVerdicts() {
    Signals s = signals(true);
    List<MetricSeries> series = MetricSeries.of(s);
    TrendVerdict v = TrendVerdict.NONE;
    assertThat(value(series, "leakscope_resource_growing{signal=\"openFds\"}", v, s)).isEqualTo(1);
    assertThat(value(series, "leakscope_resource_growth_rate{signal=\"openFds\"}", v, s))
        .isEqualTo(0.5);
    assertThat(value(series, "leakscope_resource_growth_p_value{signal=\"openFds\"}", v, s))
        .isEqualTo(0.001);
    assertThat(value(series, "leakscope_resource_growing{signal=\"threads\"}", v, s)).isZero();
    assertThat(value(series, "leakscope_class_loaders", v, s)).isEqualTo(7);
  }

  private static final long MIB = 1 << 20;

  private static double memory(List<MetricSeries> series, String key, MemoryStatus m) {
    return series.stream()
        .filter(x -> x.key().equals(key))
        .findFirst()
        .orElseThrow()
        .value(TrendVerdict.NONE, signals(true), m);
  }

  @Test
  void memorySeriesAreNaNBeforeTheFirstFootprint() {
    List<MetricSeries> series = MetricSeries.of(signals(true));
    for (MetricSeries s : series) {
      if (s.family().ordinal() >= MetricFamily.PROCESS_RESIDENT.ordinal()) {
        assertThat(s.value(TrendVerdict.NONE, signals(true), null)).as(s.key()).isNaN();
        assertThat(s.value(TrendVerdict.NONE, signals(true))).as(s.key()).isNaN();
      }
    }
  }

  @Test
  void memorySeriesReadTheFootprintAndItsVerdicts() {
    List<MetricSeries> series = MetricSeries.of(signals(true));
    // a 1 GiB container; RSS 500 MiB = anon 480 + file 20; heap resident 200 MiB, so 300 MiB
    // outside it; heap max 768 MiB: 768 + 300 = 1068 MiB does not fit, 44 MiB short
    MemoryFootprint f =
        MemoryMonitorTest.footprint(
            0,
            768 * MIB,
            300 * MIB,
            4 * MIB,
            500 * MIB,
            "Total: reserved=900000KB, committed=600000KB\n"
                + "-                 Java Heap (reserved=786432KB, committed=204800KB)\n"
                + "-                     Class (reserved=1000KB, committed=800KB)\n"
                + "-                     Other (reserved=2000KB, committed=2000KB)\n"
                + "-                   Tracing (reserved=10KB, committed=10KB)\n"
                + "-            Object Monitors (reserved=5KB, committed=5KB)\n");
    MemoryFit fit = MemoryFit.judge(768 * MIB, 300 * MIB, 1024 * MIB, true);
    NativeGrowth.Verdict growing =
        new NativeGrowth.Verdict(
            NativeGrowth.State.GROWING, 12, 2048.5, 1e-4, "nmt:Other", 2000, false, "", "");
    MemoryStatus m = new MemoryStatus(f, fit, growing);
    assertThat(memory(series, "leakscope_process_resident_bytes{kind=\"anon\"}", m))
        .isEqualTo(480 * MIB);
    assertThat(memory(series, "leakscope_process_resident_bytes{kind=\"file\"}", m))
        .isEqualTo(20 * MIB);
    assertThat(memory(series, "leakscope_process_resident_bytes{kind=\"shmem\"}", m)).isZero();
    assertThat(memory(series, "leakscope_container_memory_limit_bytes", m)).isEqualTo(1024 * MIB);
    assertThat(memory(series, "leakscope_container_memory_usage_bytes", m)).isEqualTo(510 * MIB);
    assertThat(memory(series, "leakscope_container_memory_working_set_bytes", m))
        .isEqualTo(500 * MIB);
    assertThat(memory(series, "leakscope_memory_non_heap_bytes", m)).isEqualTo(300 * MIB);
    assertThat(memory(series, "leakscope_memory_fit", m)).isEqualTo(2);
    assertThat(memory(series, "leakscope_memory_headroom_bytes", m)).isEqualTo(-44 * MIB);
    assertThat(memory(series, "leakscope_native_growing", m)).isEqualTo(1);
    assertThat(memory(series, "leakscope_native_growth_bytes_per_second", m)).isEqualTo(2048.5);
    String nmt = "leakscope_native_memory_committed_bytes{category=\"";
    assertThat(memory(series, nmt + "class\"}", m)).isEqualTo(800 * 1024);
    assertThat(memory(series, nmt + "other\"}", m)).isEqualTo(2000 * 1024);
    // listed by none of the labels: summed, the heap left out
    assertThat(memory(series, nmt + "all_others\"}", m)).isEqualTo(15 * 1024);
    // NMT on but the category not in this JDK's summary: none committed
    assertThat(memory(series, nmt + "metaspace\"}", m)).isZero();
    // unaccounted: anon 480 + shmem 0 - (heap 200 MiB + NMT 600000 KB - heap 204800 KB)
    assertThat(memory(series, "leakscope_memory_unaccounted_bytes", m))
        .isEqualTo(480 * MIB - (200 * MIB + (600_000 - 204_800) * 1024L));
  }

  @Test
  void unknownMemoryFiguresAreNaNNeverZero() {
    List<MetricSeries> series = MetricSeries.of(signals(true));
    MemoryFootprint known =
        MemoryMonitorTest.footprint(0, 768 * MIB, 100 * MIB, 0, 300 * MIB, null);
    // no cgroup found, no NMT, no growth verdict yet, fit unknown without a heap maximum
    MemoryFootprint f =
        new MemoryFootprint(
            0, 1, known.process(), null, -1, known.jvm(), 200 * MIB, null, List.of());
    MemoryStatus m =
        new MemoryStatus(f, MemoryFit.judge(-1, 100 * MIB, -1, false), MemoryMonitor.UNMEASURED);
    assertThat(memory(series, "leakscope_container_memory_limit_bytes", m)).isNaN();
    assertThat(memory(series, "leakscope_container_memory_working_set_bytes", m)).isNaN();
    assertThat(memory(series, "leakscope_native_memory_committed_bytes{category=\"thread\"}", m))
        .isNaN();
    assertThat(memory(series, "leakscope_memory_fit", m)).isNaN();
    assertThat(memory(series, "leakscope_memory_headroom_bytes", m)).isNaN();
    assertThat(memory(series, "leakscope_native_growing", m)).isNaN();
    assertThat(memory(series, "leakscope_native_growth_bytes_per_second", m)).isNaN();
    assertThat(memory(series, "leakscope_memory_non_heap_bytes", m)).isEqualTo(100 * MIB);

    // a cgroup without a limit: usage known, limit NaN
    ContainerMemory unlimited =
        new ContainerMemory(
            2, "/", Path.of("/sys/fs/cgroup"), ContainerMemory.NO_LIMIT, 5, 1, 4, 0, List.of());
    MemoryStatus m2 =
        new MemoryStatus(
            new MemoryFootprint(
                0, 1, known.process(), unlimited, -1, known.jvm(), 200 * MIB, null, List.of()),
            MemoryFit.judge(768 * MIB, 100 * MIB, -1, false),
            MemoryMonitor.UNMEASURED);
    assertThat(memory(series, "leakscope_container_memory_limit_bytes", m2)).isNaN();
    assertThat(memory(series, "leakscope_container_memory_usage_bytes", m2)).isEqualTo(5);
  }
}
