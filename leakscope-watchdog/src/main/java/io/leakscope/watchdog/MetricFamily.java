package io.leakscope.watchdog;

/**
 * The metric families leakscope publishes: the same names, types and help texts whether they are
 * served by the agent ({@link MetricsServer}, {@code metrics=HOST:PORT}), read from the agent's
 * MBean ({@link WatchdogJmx}) or registered by the Micrometer binder ({@code LeakscopeMetrics}).
 *
 * <p>Only what is leakscope's own: the verdicts, growth rates and p-values, the state, and the live
 * class-loader count, which Micrometer's JVM binders do not give. The raw thread, class, buffer and
 * file-descriptor counts are left to Micrometer's {@code jvm_*} and {@code process_files_*} meters,
 * which every Micrometer application has already.
 *
 * <p>Each family has a Micrometer name (dot-separated) and base unit; its Prometheus name is the
 * one Micrometer's Prometheus naming convention derives from them: dots to underscores, the unit
 * appended. All are gauges; a value that is unknown (no verdict yet, a signal not sampled yet) is
 * NaN.
 */
public enum MetricFamily {
  /** The live-set verdict's {@link TrendVerdict.State#code()}. */
  STATE(
      "leakscope.state",
      null,
      false,
      "Live-set verdict: 0 insufficient data (no verdict yet), 1 healthy, 2 leaking"),
  /** 1 leaking, 0 healthy, NaN while the data is insufficient: unknown is never shown as 0. */
  LEAK_SUSPECTED(
      "leakscope.leak.suspected",
      null,
      false,
      "1 while the live set grows like a leak, 0 when healthy, NaN while data is insufficient"),
  /** How many live-set readings after warm-up, within the window, the verdict rests on. */
  LIVE_SET_READINGS(
      "leakscope.live.set.readings",
      null,
      false,
      "Live-set readings after GC within the window that the verdict rests on"),
  /** The latest live set after GC; NaN before the first reading after warm-up. */
  LIVE_SET("leakscope.live.set", "bytes", false, "Live set after GC (latest reading)"),
  /** Theil–Sen growth of the live set; NaN without a verdict. */
  LIVE_SET_GROWTH(
      "leakscope.live.set.growth",
      "bytes.per.second",
      false,
      "Robust (Theil-Sen) growth rate of the live set after GC over the window"),
  /** One-sided Mann–Kendall p-value of the growth; NaN without a verdict. */
  LIVE_SET_GROWTH_P_VALUE(
      "leakscope.live.set.growth.p.value",
      null,
      false,
      "One-sided Mann-Kendall p-value of the live set's growth (small: significant)"),
  /** Seconds until the heap is full at the current growth; NaN when it does not grow. */
  HEAP_TIME_TO_FULL(
      "leakscope.heap.time.to.full",
      "seconds",
      false,
      "Time until the heap is full at the current growth; NaN when it does not grow"),
  /** Live class loaders (HotSpot's {@code VM.classloader_stats}), which Micrometer lacks. */
  CLASS_LOADERS("leakscope.class.loaders", null, false, "Live class loaders"),
  /** Per trended {@link Signal}, label {@code signal}: 1 while it grows steadily, else 0. */
  RESOURCE_GROWING(
      "leakscope.resource.growing",
      null,
      true,
      "1 while the resource grows steadily over the window, else 0"),
  /** Per trended signal: Theil–Sen growth per second (count or bytes). */
  RESOURCE_GROWTH_RATE(
      "leakscope.resource.growth.rate",
      null,
      true,
      "Robust growth of the resource per second (count or bytes)"),
  /** Per trended signal: one-sided Mann–Kendall p-value of its growth. */
  RESOURCE_GROWTH_P_VALUE(
      "leakscope.resource.growth.p.value",
      null,
      true,
      "One-sided Mann-Kendall p-value of the resource's growth (small: significant)");

  private final String meterName;
  private final String baseUnit;
  private final boolean perSignal;
  private final String help;

  MetricFamily(String meterName, String baseUnit, boolean perSignal, String help) {
    this.meterName = meterName;
    this.baseUnit = baseUnit;
    this.perSignal = perSignal;
    this.help = help;
  }

  /** The Micrometer meter name, e.g. {@code leakscope.live.set}. */
  public String meterName() {
    return meterName;
  }

  /** The Micrometer base unit, e.g. {@code bytes}; null when the value has none. */
  public String baseUnit() {
    return baseUnit;
  }

  /** The Prometheus name: {@code leakscope_live_set_bytes}. */
  public String prometheusName() {
    String name = meterName.replace('.', '_');
    return baseUnit == null ? name : name + "_" + baseUnit.replace('.', '_');
  }

  /** The Prometheus and OpenMetrics unit ({@code bytes}, {@code seconds}); null when none. */
  public String unit() {
    return baseUnit == null ? null : baseUnit.replace('.', '_');
  }

  /** Whether the family has one series per trended {@link Signal}, labelled {@code signal}. */
  public boolean perSignal() {
    return perSignal;
  }

  /** One line of help, ASCII. */
  public String help() {
    return help;
  }
}
