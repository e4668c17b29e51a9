package io.leakscope.cli;

import io.leakscope.analysis.report.TextReportWriter;
import io.leakscope.watchdog.LiveSetVerdict;
import io.leakscope.watchdog.MemoryFootprint;
import io.leakscope.watchdog.TrendVerdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code leakscope watch} shows after each sample: about a dozen lines (the live set and its
 * trend, the whole process's memory as {@link MemoryScreen#compact} writes it) plus the growing
 * classes, the same text on a terminal (redrawn in place) and in a log (one block per sample). Pure
 * formatting: no I/O, no clock.
 */
final class WatchScreen {
  private static final String BARS = "▁▂▃▄▅▆▇█";
  static final int SPARKLINE_WIDTH = 60;

  /**
   * Everything one screen shows.
   *
   * @param pid the target's process id
   * @param description the target's VM name and version
   * @param sample the number of this sample, from 1
   * @param clock the local time of the sample, {@code HH:mm:ss}
   * @param trackedPools the pools whose usage after GC is the live set
   * @param maxBytes the most the live set can reach, -1 when unknown
   * @param collections collections so far of all collectors
   * @param liveBytes the live-set readings so far, oldest first
   * @param verdict the trend over the window
   * @param basis what the verdict rests on: live-set readings, or upper bounds (the heap after
   *     young collections) that can only show it flat
   * @param minSamples how many readings the verdict needs
   * @param spanMillis the time between the oldest and the newest reading (or bound) the verdict
   *     used
   * @param growing the classes that grew most since the first histogram
   * @param histogramsLiveOnly whether histograms count live objects only (--gc) or every object
   * @param notes lines about evidence and what to do next, shown last
   * @param memory the process's whole footprint ({@link MemoryScreen#compact}), or null when it
   *     could not be taken
   * @param memoryProblem why it could not be taken, or null
   */
  record Frame(
      long pid,
      String description,
      int sample,
      String clock,
      List<String> trackedPools,
      long maxBytes,
      long collections,
      long[] liveBytes,
      TrendVerdict verdict,
      LiveSetVerdict.Basis basis,
      int minSamples,
      long spanMillis,
      List<ClassGrowth.Change> growing,
      boolean histogramsLiveOnly,
      List<String> notes,
      MemoryFootprint memory,
      String memoryProblem) {}

  private WatchScreen() {}

  static List<String> render(Frame f) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "leakscope watch  pid "
            + f.pid()
            + "  "
            + clean(f.description())
            + "  "
            + f.clock()
            + "  sample "
            + f.sample());
    String max = f.maxBytes() > 0 ? ", max " + TextReportWriter.bytes(f.maxBytes()) : "";
    if (f.liveBytes().length == 0) {
      lines.add("live set   not measured yet" + max + ", " + f.collections() + " GCs");
    } else {
      lines.add(
          "live set   "
              + TextReportWriter.bytes(f.liveBytes()[f.liveBytes().length - 1])
              + " after GC ("
              + clean(String.join(", ", f.trackedPools()))
              + ")"
              + max
              + ", "
              + f.collections()
              + " GCs");
    }
    lines.add("trend      " + trend(f));
    lines.add("full heap  " + fullHeap(f));
    if (f.liveBytes().length > 0) {
      lines.add("history    " + sparkline(f.liveBytes(), SPARKLINE_WIDTH) + range(f.liveBytes()));
    }
    lines.add("");
    lines.addAll(MemoryScreen.compact(f.memory(), f.memoryProblem()));
    lines.add("");
    String kind = f.histogramsLiveOnly() ? "live objects" : "all objects, no GC forced";
    if (f.growing().isEmpty()) {
      lines.add(
          "growing classes  "
              + (f.sample() < 2 ? "after the next histogram" : "none")
              + " ("
              + kind
              + ")");
    } else {
      lines.add("growing classes since the first histogram (" + kind + ")");
      lines.add(
          String.format(
              Locale.ROOT, "%12s %12s %14s  %s", "+bytes", "+instances", "last interval", "class"));
      for (ClassGrowth.Change c : f.growing()) {
        lines.add(
            String.format(
                Locale.ROOT,
                "%12s %12s %14s  %s",
                signed(c.bytesSinceFirst()),
                String.format(Locale.ROOT, "%+,d", c.instancesSinceFirst()),
                signed(c.bytesSincePrevious()),
                clean(c.className())));
      }
    }
    if (!f.notes().isEmpty()) {
      lines.add("");
      lines.addAll(f.notes());
    }
    return lines;
  }

  /**
   * The verdict word by the verdict's state: {@code collecting data} while it is insufficient data
   * (never {@code flat}: nothing is known yet), then {@code flat} or {@code growing}.
   */
  static String verdictWord(TrendVerdict v) {
    return switch (v.state()) {
      case INSUFFICIENT_DATA -> "collecting data";
      case HEALTHY -> "flat";
      case LEAKING -> "growing";
    };
  }

  private static String trend(Frame f) {
    TrendVerdict v = f.verdict();
    String word = verdictWord(v);
    if (f.basis() == LiveSetVerdict.Basis.UPPER_BOUND) {
      // As the agent: the heap after young collections does not grow, so neither does the live set.
      return signed(Math.round(v.slopeBytesPerSecond() * 60))
          + "/min, "
          + word
          + " by the heap after young collections ("
          + v.samples()
          + " over "
          + duration(Duration.ofMillis(f.spanMillis()))
          + "; no collection of the old generation seen yet)";
    }
    if (f.liveBytes().length == 0) {
      return word
          + ": 0 of "
          + f.minSamples()
          + " readings, no collection of the old generation seen yet (--gc runs one per sample)";
    }
    if (v.state() == TrendVerdict.State.INSUFFICIENT_DATA && v.samples() < f.minSamples()) {
      return word + ": " + v.samples() + " of " + f.minSamples() + " readings in the window";
    }
    if (v.state() == TrendVerdict.State.INSUFFICIENT_DATA) {
      // Enough readings, but a short span whose slope could still be a leak's.
      return word
          + ": "
          + signed(Math.round(v.slopeBytesPerSecond() * 60))
          + "/min over "
          + duration(Duration.ofMillis(f.spanMillis()))
          + ", not yet a whole window ("
          + v.samples()
          + " readings)";
    }
    return signed(Math.round(v.slopeBytesPerSecond() * 60))
        + "/min, "
        + word
        + (v.pValue() < 0.0001
            ? " (p<0.0001, "
            : String.format(Locale.ROOT, " (p=%.4f, ", v.pValue()))
        + v.samples()
        + " readings over "
        + duration(Duration.ofMillis(f.spanMillis()))
        + ")";
  }

  private static String fullHeap(Frame f) {
    TrendVerdict v = f.verdict();
    if (v.state() == TrendVerdict.State.INSUFFICIENT_DATA) {
      return "unknown until the trend is judged";
    }
    if (v.leaking() && v.secondsToFull() >= 0) {
      return "in about " + duration(Duration.ofSeconds((long) v.secondsToFull())) + " at this rate";
    }
    return f.maxBytes() > 0 ? "not in sight" : "unknown (no maximum heap)";
  }

  /** One bar per value (the last {@code width}), scaled from the least to the greatest. */
  static String sparkline(long[] values, int width) {
    int from = Math.max(0, values.length - width);
    long[] range = minMax(values, from);
    long min = range[0];
    long max = range[1];
    StringBuilder line = new StringBuilder();
    for (int i = from; i < values.length; i++) {
      int level =
          max == min
              ? 0
              : (int) ((values[i] - min) * (BARS.length() - 1) / (double) (max - min) + 0.5);
      line.append(BARS.charAt(level));
    }
    return line.toString();
  }

  private static String range(long[] values) {
    long[] range = minMax(values, Math.max(0, values.length - SPARKLINE_WIDTH));
    return "  " + TextReportWriter.bytes(range[0]) + " to " + TextReportWriter.bytes(range[1]);
  }

  private static long[] minMax(long[] values, int from) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = from; i < values.length; i++) {
      min = Math.min(min, values[i]);
      max = Math.max(max, values[i]);
    }
    return new long[] {min, max};
  }

  /** {@code +1.5 MB}, {@code -300 B}. */
  static String signed(long bytes) {
    return (bytes >= 0 ? "+" : "-") + TextReportWriter.bytes(Math.abs(bytes));
  }

  /** {@code 45s}, {@code 12m 05s}, {@code 3h 20m}, {@code 2d 4h}. */
  static String duration(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    if (s < 86_400) {
      return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
    }
    return String.format(Locale.ROOT, "%dd %dh", s / 86_400, s % 86_400 / 3600);
  }

  private static String clean(String text) {
    return TextReportWriter.clean(text);
  }
}
