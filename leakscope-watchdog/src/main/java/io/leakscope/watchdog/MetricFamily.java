package io.leakscope.watchdog;

import java.util.List;

/**
 * The metric families leakscope publishes: the same names, types and help texts whether they are
 * served by the agent ({@link MetricsServer}, {@code metrics=HOST:PORT}), read from the agent's
 * MBean ({@link WatchdogJmx}) or registered by the Micrometer binder ({@code LeakscopeMetrics}).
 *
 * <p>Only what is leakscope's own: the verdicts, growth rates and p-values, the state, the live
 * class-loader count, and the whole process's memory that Micrometer's JVM binders do not give
 * (resident memory by kind, the cgroup's limit, usage and working set, non-heap and unaccounted
 * memory, NMT's categories, the fit and native-growth verdicts). The raw thread, class, buffer,
 * memory-pool and file-descriptor figures are left to Micrometer's {@code jvm_*} and {@code
 * process_files_*} meters, which every Micrometer application has already.
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
      null,
      "Live-set verdict: 0 insufficient data (no verdict yet), 1 healthy, 2 leaking"),
  /** 1 leaking, 0 healthy, NaN while the data is insufficient: unknown is never shown as 0. */
  LEAK_SUSPECTED(
      "leakscope.leak.suspected",
      null,
      null,
      "1 while the live set grows like a leak, 0 when healthy, NaN while data is insufficient"),
  /** How many live-set readings after warm-up, within the window, the verdict rests on. */
  LIVE_SET_READINGS(
      "leakscope.live.set.readings",
      null,
      null,
      "Live-set readings after GC within the window that the verdict rests on"),
  /** The latest live set after GC; NaN before the first reading after warm-up. */
  LIVE_SET("leakscope.live.set", "bytes", null, "Live set after GC (latest reading)"),
  /** Theil–Sen growth of the live set; NaN without a verdict. */
  LIVE_SET_GROWTH(
      "leakscope.live.set.growth",
      "bytes.per.second",
      null,
      "Robust (Theil-Sen) growth rate of the live set after GC over the window"),
  /** One-sided Mann–Kendall p-value of the growth; NaN without a verdict. */
  LIVE_SET_GROWTH_P_VALUE(
      "leakscope.live.set.growth.p.value",
      null,
      null,
      "One-sided Mann-Kendall p-value of the live set's growth (small: significant)"),
  /** Seconds until the heap is full at the current growth; NaN when it does not grow. */
  HEAP_TIME_TO_FULL(
      "leakscope.heap.time.to.full",
      "seconds",
      null,
      "Time until the heap is full at the current growth; NaN when it does not grow"),
  /** Live class loaders (HotSpot's {@code VM.classloader_stats}), which Micrometer lacks. */
  CLASS_LOADERS("leakscope.class.loaders", null, null, "Live class loaders"),
  /** Per trended {@link Signal}, label {@code signal}: 1 while it grows steadily, else 0. */
  RESOURCE_GROWING(
      "leakscope.resource.growing",
      null,
      "signal",
      "1 while the resource grows steadily over the window, else 0"),
  /** Per trended signal: Theil–Sen growth per second (count or bytes). */
  RESOURCE_GROWTH_RATE(
      "leakscope.resource.growth.rate",
      null,
      "signal",
      "Robust growth of the resource per second (count or bytes)"),
  /** Per trended signal: one-sided Mann–Kendall p-value of its growth. */
  RESOURCE_GROWTH_P_VALUE(
      "leakscope.resource.growth.p.value",
      null,
      "signal",
      "One-sided Mann-Kendall p-value of the resource's growth (small: significant)"),
  /**
   * Resident memory by {@code kind}: {@code anon} ({@code RssAnon}: heap, metaspace, stacks,
   * malloc), {@code file} ({@code RssFile}: mapped files, the JDK's own libraries), {@code shmem}
   * ({@code RssShmem}); their sum is RSS. Linux only; NaN elsewhere.
   */
  PROCESS_RESIDENT(
      "leakscope.process.resident",
      "bytes",
      "kind",
      "Resident memory of the process by kind (RssAnon, RssFile, RssShmem); the sum is RSS",
      "anon",
      "file",
      "shmem"),
  /** The memory cgroup's limit; NaN when none is set or no cgroup was found. */
  CONTAINER_MEMORY_LIMIT(
      "leakscope.container.memory.limit",
      "bytes",
      null,
      "Memory limit of the process's cgroup; NaN when none is set"),
  /** Memory charged to the cgroup, page cache included. */
  CONTAINER_MEMORY_USAGE(
      "leakscope.container.memory.usage",
      "bytes",
      null,
      "Memory charged to the process's cgroup, page cache included"),
  /** Usage minus inactive page cache: what the kubelet evicts on and {@code kubectl top} shows. */
  CONTAINER_MEMORY_WORKING_SET(
      "leakscope.container.memory.working.set",
      "bytes",
      null,
      "Cgroup usage minus inactive page cache (the kubelet's working set)"),
  /** RSS minus the heap's resident (or committed) part ({@link MemoryFootprint#nonHeapBytes()}). */
  MEMORY_NON_HEAP(
      "leakscope.memory.non.heap",
      "bytes",
      null,
      "Resident memory outside the Java heap: RSS minus the resident heap"),
  /** {@link MemoryFootprint#unaccountedBytes()}: signed; NaN when unknown. */
  MEMORY_UNACCOUNTED(
      "leakscope.memory.unaccounted",
      "bytes",
      null,
      "Anonymous resident memory the JVM does not account for (native malloc, glibc arenas)"),
  /**
   * NMT's committed memory by {@code category} (the heap left out: {@code jvm_memory_*} has it);
   * categories of other JDKs are summed in {@code all_others}. NaN when NMT is off.
   */
  NATIVE_MEMORY_COMMITTED(
      "leakscope.native.memory.committed",
      "bytes",
      "category",
      "Committed memory per Native Memory Tracking category, heap excluded; NaN when NMT is off",
      "class",
      "metaspace",
      "thread",
      "code",
      "gc",
      "compiler",
      "internal",
      "other",
      "symbol",
      "arena_chunk",
      "shared_class_space",
      "all_others"),
  /** {@link MemoryFit.State}: 0 fits, 1 tight, 2 does not fit; NaN unknown. */
  MEMORY_FIT(
      "leakscope.memory.fit",
      null,
      null,
      "Heap max plus non-heap against the limit: 0 fits, 1 tight (under 10% free), 2 does not"
          + " fit; NaN unknown"),
  /** {@link MemoryFit#headroomBytes()}: negative when the JVM does not fit. */
  MEMORY_HEADROOM(
      "leakscope.memory.headroom",
      "bytes",
      null,
      "Limit minus heap max minus non-heap memory; negative when the JVM does not fit"),
  /** {@link NativeGrowth}: 1 growing, 0 flat, NaN while the data is insufficient. */
  NATIVE_GROWING(
      "leakscope.native.growing",
      null,
      null,
      "1 while non-heap memory grows steadily, 0 when flat, NaN while data is insufficient"),
  /** Theil–Sen growth of the non-heap resident memory; NaN while the data is insufficient. */
  NATIVE_GROWTH(
      "leakscope.native.growth",
      "bytes.per.second",
      null,
      "Robust (Theil-Sen) growth rate of the non-heap resident memory; NaN while data is"
          + " insufficient");

  private final String meterName;
  private final String baseUnit;
  private final String labelName;
  private final String help;
  private final List<String> labelValues;

  MetricFamily(
      String meterName, String baseUnit, String labelName, String help, String... labelValues) {
    this.meterName = meterName;
    this.baseUnit = baseUnit;
    this.labelName = labelName;
    this.help = help;
    this.labelValues = List.of(labelValues);
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
    return "signal".equals(labelName);
  }

  /**
   * The one label that tells this family's series apart ({@code signal}, {@code kind}, {@code
   * category}); null for a family of one series.
   */
  public String labelName() {
    return labelName;
  }

  /**
   * The fixed values of {@link #labelName()} for a family that is not per signal, in order; empty
   * for a per-signal family (its values are the signals' keys) and for a family without a label.
   */
  public List<String> labelValues() {
    return labelValues;
  }

  /** One line of help, ASCII. */
  public String help() {
    return help;
  }
}
