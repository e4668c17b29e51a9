package io.leakscope.watchdog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One series of a {@link MetricFamily}: the family, for a per-signal family the {@link Signal} it
 * is about, and the value of the family's {@link MetricFamily#labelName() label} (a signal's {@link
 * Signal#key()}, or one of the family's {@link MetricFamily#labelValues()}).
 *
 * @param family not null
 * @param signal the signal of a per-signal family; null otherwise
 * @param label the label's value; null for a family without a label
 */
public record MetricSeries(MetricFamily family, Signal signal, String label) {

  public MetricSeries {
    Objects.requireNonNull(family, "family");
    if (family.perSignal() != (signal != null)) {
      throw new IllegalArgumentException(
          family + (family.perSignal() ? " needs a signal" : " takes no signal"));
    }
    if (signal != null && !signal.trended()) {
      throw new IllegalArgumentException(signal + " is not trended");
    }
    boolean valid =
        signal != null
            ? signal.key().equals(label)
            : family.labelName() == null ? label == null : family.labelValues().contains(label);
    if (!valid) {
      throw new IllegalArgumentException(family + " has no series labelled " + label);
    }
  }

  /** A series of a family without a label, or of a per-signal family. */
  public MetricSeries(MetricFamily family, Signal signal) {
    this(family, signal, signal == null ? null : signal.key());
  }

  /**
   * The series that a watchdog whose signals are {@code available} publishes, grouped by family in
   * {@link MetricFamily} order, the per-signal ones in {@link Signal} order: class loaders and the
   * per-signal families only for the signals this JVM offers.
   */
  public static List<MetricSeries> of(Signals available) {
    Objects.requireNonNull(available, "available");
    List<MetricSeries> series = new ArrayList<>();
    for (MetricFamily family : MetricFamily.values()) {
      if (family.perSignal()) {
        for (Signal signal : Signal.values()) {
          if (signal.trended() && available.available(signal)) {
            series.add(new MetricSeries(family, signal));
          }
        }
      } else if (family != MetricFamily.CLASS_LOADERS
          || available.available(Signal.CLASS_LOADERS)) {
        addFixed(family, series);
      }
    }
    return List.copyOf(series);
  }

  /**
   * Every series of every family, as on a JVM that offers all signals. The memory families always
   * have all their series: a figure this JVM cannot give (no cgroup limit, NMT off) is NaN.
   */
  public static List<MetricSeries> all() {
    List<MetricSeries> series = new ArrayList<>();
    for (MetricFamily family : MetricFamily.values()) {
      if (family.perSignal()) {
        for (Signal signal : Signal.values()) {
          if (signal.trended()) {
            series.add(new MetricSeries(family, signal));
          }
        }
      } else {
        addFixed(family, series);
      }
    }
    return List.copyOf(series);
  }

  private static void addFixed(MetricFamily family, List<MetricSeries> series) {
    if (family.labelName() == null) {
      series.add(new MetricSeries(family, null));
    } else {
      for (String value : family.labelValues()) {
        series.add(new MetricSeries(family, null, value));
      }
    }
  }

  /**
   * The series as Prometheus names it, e.g. {@code leakscope_live_set_bytes} or {@code
   * leakscope_resource_growing{signal="threads"}}; unique, and stable across versions.
   */
  public String key() {
    String name = family.prometheusName();
    return label == null ? name : name + "{" + family.labelName() + "=\"" + label + "\"}";
  }

  /**
   * The value at a verdict and a sample of the signals, without the process's memory (its series
   * are NaN). Reads fields only: allocates nothing.
   *
   * @param verdict the watchdog's latest verdict; not null
   * @param signals the watchdog's latest signals; not null
   * @return the value; NaN when unknown (no verdict yet, a signal not sampled yet)
   */
  public double value(TrendVerdict verdict, Signals signals) {
    return value(verdict, signals, null);
  }

  /**
   * The value at a verdict, a sample of the signals and the process's memory.
   *
   * @param verdict the watchdog's latest verdict; not null
   * @param signals the watchdog's latest signals; not null
   * @param memory the watchdog's latest memory ({@link Watchdog#latestMemory()}); null before the
   *     first footprint
   * @return the value; NaN when unknown (no verdict yet, a signal not sampled yet, no footprint
   *     yet, a figure this JVM cannot give)
   */
  public double value(TrendVerdict verdict, Signals signals, MemoryStatus memory) {
    // the memory families come last in MetricFamily, from PROCESS_RESIDENT on
    if (family.ordinal() >= MetricFamily.PROCESS_RESIDENT.ordinal()) {
      return memory == null ? Double.NaN : memoryValue(memory);
    }
    boolean judged = verdict.state() != TrendVerdict.State.INSUFFICIENT_DATA;
    return switch (family) {
      case STATE -> verdict.state().code();
      case LEAK_SUSPECTED -> judged ? (verdict.leaking() ? 1 : 0) : Double.NaN;
      case LIVE_SET_READINGS -> verdict.samples();
      case LIVE_SET -> verdict.samples() > 0 ? verdict.liveBytes() : Double.NaN;
      case LIVE_SET_GROWTH -> judged ? verdict.slopeBytesPerSecond() : Double.NaN;
      case LIVE_SET_GROWTH_P_VALUE -> judged ? verdict.pValue() : Double.NaN;
      case HEAP_TIME_TO_FULL ->
          judged && verdict.secondsToFull() >= 0 ? verdict.secondsToFull() : Double.NaN;
      case CLASS_LOADERS -> orNaN(signals.value(Signal.CLASS_LOADERS));
      case RESOURCE_GROWING -> signals.growing(signal) ? 1 : 0;
      case RESOURCE_GROWTH_RATE -> signals.growthPerSecond(signal);
      case RESOURCE_GROWTH_P_VALUE -> signals.pValue(signal);
      default -> Double.NaN;
    };
  }

  private double memoryValue(MemoryStatus memory) {
    MemoryFootprint f = memory.footprint();
    ProcessMemory p = f.process();
    ContainerMemory c = f.container();
    MemoryFit fit = memory.fit();
    NativeGrowth.Verdict growth = memory.growth();
    boolean judged = growth.state() != NativeGrowth.State.INSUFFICIENT_DATA;
    return switch (family) {
      case PROCESS_RESIDENT ->
          p == null
              ? Double.NaN
              : orNaN(
                  switch (label) {
                    case "anon" -> p.anonymousBytes();
                    case "file" -> p.fileBytes();
                    default -> p.sharedBytes();
                  });
      case CONTAINER_MEMORY_LIMIT -> c == null || !c.limited() ? Double.NaN : c.limitBytes();
      case CONTAINER_MEMORY_USAGE -> c == null ? Double.NaN : orNaN(c.usageBytes());
      case CONTAINER_MEMORY_WORKING_SET -> c == null ? Double.NaN : orNaN(c.workingSetBytes());
      case MEMORY_NON_HEAP -> orNaN(f.nonHeapBytes());
      case MEMORY_UNACCOUNTED ->
          f.unaccountedBytes() == Long.MIN_VALUE ? Double.NaN : f.unaccountedBytes();
      case NATIVE_MEMORY_COMMITTED -> f.nmt() == null ? Double.NaN : nmtCommitted(f.nmt(), label);
      case MEMORY_FIT ->
          switch (fit.state()) {
            case UNKNOWN -> Double.NaN;
            case FITS -> 0;
            case TIGHT -> 1;
            case DOES_NOT_FIT -> 2;
          };
      case MEMORY_HEADROOM ->
          fit.state() == MemoryFit.State.UNKNOWN ? Double.NaN : fit.headroomBytes();
      case NATIVE_GROWING -> judged ? (growth.growing() ? 1 : 0) : Double.NaN;
      case NATIVE_GROWTH -> judged ? growth.bytesPerSecond() : Double.NaN;
      default -> Double.NaN;
    };
  }

  /** The label of an NMT category: lower case, words joined by {@code _}. */
  static String nmtLabel(String category) {
    return category.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
  }

  /**
   * The committed bytes of the category labelled {@code label}: 0 when the summary does not list
   * it; for {@code all_others}, the sum of the categories no other label names, the heap left out.
   */
  private static double nmtCommitted(NativeMemoryTracking nmt, String label) {
    List<String> named = MetricFamily.NATIVE_MEMORY_COMMITTED.labelValues();
    String rest = named.get(named.size() - 1);
    long sum = 0;
    for (NativeMemoryTracking.Category category : nmt.categories()) {
      String key = nmtLabel(category.name());
      boolean match =
          label.equals(rest) ? !key.equals("java_heap") && !named.contains(key) : key.equals(label);
      if (match) {
        sum += Math.max(0, category.committedBytes());
      }
    }
    return sum;
  }

  /**
   * The value of each series at the watchdog's latest verdict, signals and memory, index for index.
   */
  static double[] values(List<MetricSeries> series, Watchdog watchdog) {
    TrendVerdict verdict = watchdog.latestVerdict();
    Signals signals = watchdog.latestSignals();
    MemoryStatus memory = watchdog.latestMemory();
    double[] values = new double[series.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = series.get(i).value(verdict, signals, memory);
    }
    return values;
  }

  private static double orNaN(long value) {
    return value < 0 ? Double.NaN : value;
  }
}
