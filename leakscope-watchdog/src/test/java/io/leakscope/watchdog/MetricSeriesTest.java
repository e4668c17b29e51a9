package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

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
            "leakscope_resource_growth_p_value");
  }

  @Test
  void perSignalSeriesCoverTheTrendedSignalsTheJvmOffersAndKeysAreUnique() {
    List<MetricSeries> all = MetricSeries.of(signals(true));
    assertThat(all).hasSize(8 + 3 * 6).isEqualTo(MetricSeries.all());
    assertThat(all.stream().map(MetricSeries::key).distinct()).hasSize(all.size());
    assertThat(all.stream().map(MetricSeries::key))
        .contains("leakscope_resource_growing{signal=\"openFds\"}", "leakscope_class_loaders");
    assertThat(MetricSeries.of(signals(false)))
        .extracting(MetricSeries::key)
        .doesNotContain(
            "leakscope_class_loaders", "leakscope_resource_growing{signal=\"classLoaders\"}")
        .hasSize(7 + 3 * 5);
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
}
