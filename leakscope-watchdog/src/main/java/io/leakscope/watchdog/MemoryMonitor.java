package io.leakscope.watchdog;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole-process memory of the watchdog's own JVM, sampled on the watchdog's thread and judged
 * into findings for its event log: the JVM does not fit its limit, native memory grows, or the
 * container's working set passed a share of its limit (the moment to write evidence while the JVM
 * still lives).
 *
 * <p>Design note. A sample is a {@link MemoryFootprint} (about 36 ms of this thread's CPU on a
 * small JVM, most of it the kernel walking {@code /proc/self/smaps}), taken at most every {@code
 * sampleIntervalMillis}: 30 s or more keeps it under 0.2% of a core. The last {@code capacity}
 * samples' series are kept (a few dozen longs each); the first NMT summary is the baseline that
 * growth per category is reported against. Each finding is reported once per episode: again only
 * after its condition was false at a sample in between (the near-limit one after the working set
 * fell {@value #REARM_SHARE} of the limit below its share).
 *
 * <p>Not thread-safe: one thread samples and judges; only {@link #latestStatus()}, published whole
 * through a volatile field, may be read from any thread (the metrics, the endpoint).
 */
final class MemoryMonitor {

  /** How far below the share the working set must fall before the near-limit finding re-arms. */
  static final double REARM_SHARE = 0.05;

  /** Takes a footprint of this JVM (a scripted one in tests). */
  interface Source {
    MemoryFootprint capture(long nowMillis);
  }

  /** What a finding is about; the watchdog turns each into an event. */
  enum Kind {
    /** Heap maximum plus non-heap exceeds the limit ({@link MemoryFit}). */
    DOES_NOT_FIT,
    /** The non-heap memory grows ({@link NativeGrowth}). */
    NATIVE_GROWTH,
    /** The container's working set passed the evidence share of its limit. */
    NEAR_LIMIT
  }

  /** The growth verdict while the non-heap memory cannot be measured. */
  static final NativeGrowth.Verdict UNMEASURED =
      new NativeGrowth.Verdict(
          NativeGrowth.State.INSUFFICIENT_DATA,
          0,
          0,
          1,
          null,
          0,
          false,
          "non-heap memory not measured (no RSS or heap figure)",
          "");

  /** A finding and the fields of its event. */
  record Finding(Kind kind, Map<String, Object> fields) {}

  private final Source source;
  private final long sampleIntervalMillis;
  private final double evidenceShare;
  private final long[] times;
  private final List<Map<String, Long>> series = new ArrayList<>();
  private int count;
  private long lastMillis = Long.MIN_VALUE;
  private long firstMillis = Long.MIN_VALUE;
  private NativeMemoryTracking baseline;
  private volatile MemoryStatus latest;
  private boolean fitReported;
  private boolean growthReported;
  private boolean nearLimitReported;

  /**
   * @param source takes the footprints
   * @param capacity samples kept, 8 or more
   * @param sampleIntervalMillis least time between samples, 1 or more
   * @param evidenceShare the share of the container's limit whose crossing is {@link
   *     Kind#NEAR_LIMIT}, in (0, 1]
   */
  MemoryMonitor(Source source, int capacity, long sampleIntervalMillis, double evidenceShare) {
    if (capacity < 8) {
      throw new IllegalArgumentException("capacity: " + capacity + " (expected: 8+)");
    }
    if (sampleIntervalMillis < 1) {
      throw new IllegalArgumentException(
          "sampleIntervalMillis: " + sampleIntervalMillis + " (expected: 1+)");
    }
    if (!(evidenceShare > 0 && evidenceShare <= 1)) {
      throw new IllegalArgumentException(
          "evidenceShare: " + evidenceShare + " (expected: > 0 and <= 1)");
    }
    this.source = source;
    this.sampleIntervalMillis = sampleIntervalMillis;
    this.evidenceShare = evidenceShare;
    this.times = new long[capacity];
  }

  /** The source for this JVM: {@code /proc/self}, its cgroup, its platform MBean server. */
  static Source thisJvm() {
    long pid = ProcessHandle.current().pid();
    return now ->
        MemoryFootprint.capture(pid, Path.of("/"), ManagementFactory.getPlatformMBeanServer(), now);
  }

  /** The newest footprint, or null before the first sample. */
  MemoryFootprint latest() {
    MemoryStatus s = latest;
    return s == null ? null : s.footprint();
  }

  /** The newest footprint with its verdicts, or null before the first sample; any thread. */
  MemoryStatus latestStatus() {
    return latest;
  }

  /**
   * Samples if due and returns the findings of this sample (empty when not due or nothing new).
   *
   * @param nowMillis the time
   * @param liveSetGrowing whether the heap's own verdict is leaking
   * @param settings window, warm-up and thresholds of the growth verdict ({@link
   *     NativeGrowth#defaults()} for a service)
   */
  List<Finding> check(long nowMillis, boolean liveSetGrowing, TrendSettings settings) {
    if (lastMillis != Long.MIN_VALUE && nowMillis - lastMillis < sampleIntervalMillis) {
      return List.of();
    }
    lastMillis = nowMillis;
    if (firstMillis == Long.MIN_VALUE) {
      firstMillis = nowMillis;
    }
    MemoryFootprint f = source.capture(nowMillis);
    if (baseline == null && f.nmt() != null) {
      baseline = f.nmt();
    }
    add(nowMillis, f.series());
    List<Finding> findings = new ArrayList<>();
    MemoryFit fit = fit(f, findings);
    NativeGrowth.Verdict growth = growth(f, liveSetGrowing, settings, findings);
    nearLimit(f, findings);
    latest = new MemoryStatus(f, fit, growth);
    return findings;
  }

  private void add(long nowMillis, Map<String, Long> values) {
    if (count == times.length) {
      System.arraycopy(times, 1, times, 0, times.length - 1);
      series.remove(0);
      count--;
    }
    times[count] = nowMillis;
    series.add(values);
    count++;
  }

  private MemoryFit fit(MemoryFootprint f, List<Finding> findings) {
    MemoryFit fit =
        MemoryFit.judge(
            f.jvm() == null ? -1 : f.jvm().heapMaxBytes(),
            f.nonHeapBytes(),
            f.limitBytes(),
            f.limitIsContainer());
    if (fit.state() != MemoryFit.State.DOES_NOT_FIT) {
      if (fit.state() != MemoryFit.State.UNKNOWN) {
        fitReported = false;
      }
      return fit;
    }
    if (fitReported) {
      return fit;
    }
    fitReported = true;
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("limitBytes", fit.limitBytes());
    fields.put("containerLimit", fit.containerLimit());
    fields.put("heapMaxBytes", fit.heapMaxBytes());
    fields.put("nonHeapBytes", fit.nonHeapBytes());
    fields.put("heapAtKillBytes", fit.heapAtKillBytes());
    fields.put("suggestedHeapBytes", fit.suggestedHeapBytes());
    fields.put("suggestedRamPercentage", fit.suggestedRamPercentage());
    fields.put("summary", fit.summary());
    fields.put("advice", fit.advice());
    findings.add(new Finding(Kind.DOES_NOT_FIT, fields));
    return fit;
  }

  private NativeGrowth.Verdict growth(
      MemoryFootprint f, boolean liveSetGrowing, TrendSettings settings, List<Finding> findings) {
    long[] t = new long[count];
    Map<String, long[]> columns = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      t[i] = times[i];
      for (Map.Entry<String, Long> e : series.get(i).entrySet()) {
        long[] column = columns.get(e.getKey());
        if (column == null) {
          column = new long[count];
          java.util.Arrays.fill(column, -1);
          columns.put(e.getKey(), column);
        }
        column[i] = e.getValue();
      }
    }
    long[] nonHeap = columns.get(NativeGrowth.NON_HEAP);
    if (nonHeap == null || nonHeap[count - 1] < 0) {
      return UNMEASURED;
    }
    // samples where the non-heap figure is missing are left out of every column
    int n = 0;
    for (int i = 0; i < count; i++) {
      if (nonHeap[i] >= 0) {
        t[n] = t[i];
        for (long[] column : columns.values()) {
          column[n] = column[i];
        }
        n++;
      }
    }
    NativeGrowth.Verdict v =
        NativeGrowth.judge(t, columns, n, f.nmt() != null, liveSetGrowing, settings);
    if (!v.growing()) {
      if (v.state() == NativeGrowth.State.HEALTHY) {
        growthReported = false;
      }
      return v;
    }
    if (growthReported) {
      return v;
    }
    growthReported = true;
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("bytesPerSecond", v.bytesPerSecond());
    fields.put("pValue", v.pValue());
    fields.put("samples", v.samples());
    fields.put("cause", v.cause());
    fields.put("causeBytesPerSecond", v.causeBytesPerSecond());
    fields.put("liveSetGrowing", v.liveSetGrowing());
    fields.put("nonHeapBytes", f.nonHeapBytes());
    fields.put("rssBytes", f.rssBytes());
    fields.put("summary", v.summary());
    fields.put("nextStep", v.nextStep());
    if (f.nmt() != null && baseline != null) {
      fields.put("nmtGrowthBytes", f.nmt().committedGrowthSince(baseline));
    }
    findings.add(new Finding(Kind.NATIVE_GROWTH, fields));
    return v;
  }

  private void nearLimit(MemoryFootprint f, List<Finding> findings) {
    ContainerMemory c = f.container();
    if (c == null || !c.limited() || c.workingSetBytes() < 0) {
      return;
    }
    double share = (double) c.workingSetBytes() / c.limitBytes();
    if (share < evidenceShare - REARM_SHARE) {
      nearLimitReported = false;
    }
    if (share < evidenceShare || nearLimitReported) {
      return;
    }
    nearLimitReported = true;
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("workingSetBytes", c.workingSetBytes());
    fields.put("usageBytes", c.usageBytes());
    fields.put("limitBytes", c.limitBytes());
    fields.put("share", share);
    fields.put("rssBytes", f.rssBytes());
    fields.put("nonHeapBytes", f.nonHeapBytes());
    if (f.nmt() != null && baseline != null) {
      fields.put("nmtGrowthBytes", f.nmt().committedGrowthSince(baseline));
    }
    findings.add(new Finding(Kind.NEAR_LIMIT, fields));
  }
}
