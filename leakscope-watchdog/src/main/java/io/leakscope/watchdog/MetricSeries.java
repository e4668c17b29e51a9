package io.leakscope.watchdog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One series of a {@link MetricFamily}: the family, and for a per-signal family the {@link Signal}
 * it is about (its {@code signal} label is the signal's {@link Signal#key()}).
 *
 * @param family not null
 * @param signal the signal of a per-signal family; null otherwise
 */
public record MetricSeries(MetricFamily family, Signal signal) {

  public MetricSeries {
    Objects.requireNonNull(family, "family");
    if (family.perSignal() != (signal != null)) {
      throw new IllegalArgumentException(
          family + (family.perSignal() ? " needs a signal" : " takes no signal"));
    }
    if (signal != null && !signal.trended()) {
      throw new IllegalArgumentException(signal + " is not trended");
    }
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
        series.add(new MetricSeries(family, null));
      }
    }
    return List.copyOf(series);
  }

  /** Every series of every family, as on a JVM that offers all signals. */
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
        series.add(new MetricSeries(family, null));
      }
    }
    return List.copyOf(series);
  }

  /**
   * The series as Prometheus names it, e.g. {@code leakscope_live_set_bytes} or {@code
   * leakscope_resource_growing{signal="threads"}}; unique, and stable across versions.
   */
  public String key() {
    String name = family.prometheusName();
    return signal == null ? name : name + "{signal=\"" + signal.key() + "\"}";
  }

  /**
   * The value at a verdict and a sample of the signals. Reads fields only: allocates nothing.
   *
   * @param verdict the watchdog's latest verdict; not null
   * @param signals the watchdog's latest signals; not null
   * @return the value; NaN when unknown (no verdict yet, a signal not sampled yet)
   */
  public double value(TrendVerdict verdict, Signals signals) {
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
    };
  }

  /** The value of each series at the watchdog's latest verdict and signals, index for index. */
  static double[] values(List<MetricSeries> series, Watchdog watchdog) {
    TrendVerdict verdict = watchdog.latestVerdict();
    Signals signals = watchdog.latestSignals();
    double[] values = new double[series.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = series.get(i).value(verdict, signals);
    }
    return values;
  }

  private static double orNaN(long value) {
    return value < 0 ? Double.NaN : value;
  }
}
