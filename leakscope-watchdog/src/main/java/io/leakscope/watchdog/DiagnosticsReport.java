package io.leakscope.watchdog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code report} page: one self-contained HTML document (no scripts, no external URLs, inline
 * CSS and SVG only) with the verdict's state, an SVG chart of the live set after GC with labelled
 * axes, and the top of the class histogram. It has the look of {@code leakscope analyze --format
 * html} (the same palette, light and dark, cards and tables) and its units: sizes in binary units
 * written {@code KB}, {@code MB}, {@code GB} (1 KB = 1024 bytes) as the command line writes them,
 * durations as {@link Durations} writes them, class names in Java-source form ({@code byte[]}).
 *
 * <p>The state comes from {@link TrendVerdict#state()}: {@code insufficient-data} is shown as
 * "Collecting data: N of M readings", in a neutral colour, never as healthy. The page's sections
 * carry ids ({@code verdict}, {@code chart}, {@code histogram}) and the verdict its {@code
 * data-state} (the state's key), for tests and scrapers. Every text that comes from the JVM (class
 * names) is HTML-escaped.
 */
final class DiagnosticsReport {

  private static final int TOP_CLASSES = 20;
  private static final int WIDTH = 720;
  private static final int HEIGHT = 260;
  private static final int LEFT = 72;
  private static final int RIGHT = 16;
  private static final int TOP = 16;
  private static final int BOTTOM = 40;
  private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
  private static final long[] SECOND_STEPS = {
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 21_600, 43_200, 86_400
  };

  /** The stylesheet of the report and the index: the palette of the command line's HTML report. */
  static final String CSS =
      """
      :root{--bg:#f6f7f9;--card:#fff;--text:#1d2330;--muted:#5d6677;--line:#dde1e8;\
      --accent:#2f6fde;--accent-soft:#dce8fb;--warn:#c0392b;--warn-soft:#fbe3e0;--ok:#1e7d45;\
      --ok-soft:#dcf3e4;--wait:#8a5a00;--wait-soft:#fbf0d5;\
      --mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;\
      color-scheme:light dark}
      @media (prefers-color-scheme:dark){:root{--bg:#15181e;--card:#1e232b;--text:#e3e7ee;\
      --muted:#9aa3b2;--line:#333a45;--accent:#6ea0f5;--accent-soft:#24344f;--warn:#ff8a7a;\
      --warn-soft:#43231f;--ok:#6fd39a;--ok-soft:#1c3a29;--wait:#f0c36a;--wait-soft:#3d3220}}
      *{box-sizing:border-box}
      body{margin:0;background:var(--bg);color:var(--text);\
      font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
      main{max-width:1000px;margin:0 auto;padding:0 20px 40px}
      header{padding:22px 0 6px}h1{font-size:22px;margin:0}
      h2{font-size:18px;margin:0 0 12px}
      .subtitle,.hint{color:var(--muted);font-size:13px;margin:4px 0 0}
      section{background:var(--card);border:1px solid var(--line);border-radius:8px;\
      padding:16px 20px;margin-top:16px}
      .state{display:inline-block;padding:2px 10px;border-radius:4px;font-weight:700;\
      margin-right:8px}
      [data-state=leaking] .state{background:var(--warn-soft);color:var(--warn)}
      [data-state=healthy] .state{background:var(--ok-soft);color:var(--ok)}
      [data-state=insufficient-data] .state{background:var(--wait-soft);color:var(--wait)}
      .headline{font-size:16px;margin:0 0 10px}
      dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
      dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
      svg.live-set{width:100%;max-width:720px;height:auto;display:block}
      svg.live-set .grid{stroke:var(--line);stroke-width:1}
      svg.live-set .axis{stroke:var(--muted);stroke-width:1}
      svg.live-set .line{fill:none;stroke:var(--accent);stroke-width:2}
      svg.live-set .point{fill:var(--accent)}
      svg.live-set text{fill:var(--muted);font-size:11px;font-family:system-ui,sans-serif}
      svg.live-set text.title{fill:var(--text);font-size:12px}
      table{border-collapse:collapse;width:100%}
      th,td{padding:4px 10px;border-bottom:1px solid var(--line);text-align:left}
      td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      td.name{font-family:var(--mono);font-size:13px;overflow-wrap:anywhere}
      a{color:var(--accent)}code{font-family:var(--mono);font-size:13px}
      tbody tr:hover{background:var(--accent-soft)}
      footer{margin-top:16px;color:var(--muted);font-size:13px}
      """;

  private DiagnosticsReport() {}

  /**
   * The page.
   *
   * @param verdict the latest verdict
   * @param series the live-set readings kept, oldest first, warm-up included
   * @param settings the settings the verdict was judged with (window, warm-up, readings needed)
   * @param histogram the top of the class histogram, largest first; empty when there is none
   * @param histogramNote one sentence on the histogram (how old it is, or why there is none)
   */
  static String html(
      TrendVerdict verdict,
      LiveSetSeries.Series series,
      TrendSettings settings,
      List<ClassHistogram.Row> histogram,
      String histogramNote) {
    return html(verdict, series, settings, histogram, histogramNote, null);
  }

  /**
   * The page with a section on the whole process's memory.
   *
   * @param memory the watchdog's latest memory; null before the first footprint (the section then
   *     says when one comes)
   */
  static String html(
      TrendVerdict verdict,
      LiveSetSeries.Series series,
      TrendSettings settings,
      List<ClassHistogram.Row> histogram,
      String histogramNote,
      MemoryStatus memory) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>leakscope · ")
        .append(title(verdict.state()))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style></head>\n<body>\n<main>\n<header><h1>leakscope live report</h1>")
        .append("<p class=\"subtitle\">pid ")
        .append(ProcessHandle.current().pid())
        .append(" · the live set is what the heap holds after an old-generation collection")
        .append(" · sizes in binary units (1 KB = 1024 bytes)</p></header>\n");
    verdict(h, verdict, series.count(), settings);
    h.append("<section id=\"chart\"><h2>Live set after GC</h2>\n");
    chart(h, series);
    h.append("</section>\n");
    memory(h, memory);
    histogram(h, histogram, histogramNote);
    return h.append("<footer>This page runs no script and loads nothing else.</footer>\n")
        .append("</main>\n</body></html>\n")
        .toString();
  }

  private static String title(TrendVerdict.State state) {
    return switch (state) {
      case INSUFFICIENT_DATA -> "collecting data";
      case HEALTHY -> "healthy";
      case LEAKING -> "leaking";
    };
  }

  private static void verdict(
      StringBuilder h, TrendVerdict v, int readings, TrendSettings settings) {
    h.append("<section id=\"verdict\" data-state=\"")
        .append(v.state().key())
        .append("\"><h2>Verdict</h2>\n<p class=\"headline\"><span class=\"state\">");
    String window = Durations.format(settings.window());
    switch (v.state()) {
      case INSUFFICIENT_DATA ->
          h.append("Collecting data</span> ")
              .append(v.samples())
              .append(" of ")
              .append(settings.minSamples())
              .append(
                  " readings after the warm-up; no verdict yet, which is not a sign of health.");
      case HEALTHY ->
          h.append("Healthy</span> No steady growth of the live set over the last ")
              .append(window)
              .append('.');
      case LEAKING ->
          h.append("Leaking</span> The live set grows ")
              .append(bytes(Math.round(v.slopeBytesPerSecond())))
              .append("/s, steadily, over the last ")
              .append(window)
              .append('.');
    }
    h.append("</p>\n<dl class=\"facts\">");
    fact(h, "state", v.state().key());
    fact(
        h,
        "readings",
        readings
            + " so far, "
            + v.samples()
            + " of them in the window after the warm-up; "
            + settings.minSamples()
            + " needed for a verdict");
    if (v.state() != TrendVerdict.State.INSUFFICIENT_DATA) {
      fact(h, "growth", bytes(Math.round(v.slopeBytesPerSecond())) + "/s");
      fact(h, "p-value", pValue(v.pValue()));
    }
    fact(h, "live set", v.liveBytes() > 0 ? bytes(v.liveBytes()) : "no reading yet");
    if (v.secondsToFull() >= 0) {
      fact(h, "heap full in", "about " + roughly(v.secondsToFull()));
    }
    fact(h, "window", window + ", after a warm-up of " + Durations.format(settings.warmUp()));
    h.append("</dl>\n</section>\n");
  }

  private static void fact(StringBuilder h, String term, String value) {
    h.append("<dt>").append(term).append("</dt><dd>").append(escape(value)).append("</dd>");
  }

  private static void chart(StringBuilder h, LiveSetSeries.Series series) {
    int n = series.count();
    if (n == 0) {
      h.append(
          "<p class=\"hint\" id=\"no-readings\">No readings yet: the live set is read after"
              + " old-generation collections, and there has been none since the start.</p>\n");
      return;
    }
    long[] times = series.timesMillis();
    long[] live = series.liveBytes();
    long max = 1;
    for (long b : live) {
      max = Math.max(max, b);
    }
    long spanSeconds = Math.max(1, (times[n - 1] - times[0] + 999) / 1000);
    long unit = binaryUnit(max);
    double step = niceStep((double) max / unit / 4);
    double top = Math.ceil((double) max / unit / step) * step;
    long secondStep = secondStep(spanSeconds);
    long right = Math.max(spanSeconds, 1);
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    h.append("<svg class=\"live-set\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"live set after GC over time\">");
    for (double value = 0; value <= top + step / 2; value += step) {
      double y = TOP + plotHeight - value / top * plotHeight;
      h.append("<line class=\"grid\" x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(WIDTH - RIGHT)
          .append("\" y1=\"")
          .append(number(y))
          .append("\" y2=\"")
          .append(number(y))
          .append("\"/><text class=\"y-label\" x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(number(y + 4))
          .append("\" text-anchor=\"end\">")
          .append(axisBytes(value, unit))
          .append("</text>");
    }
    for (long s = 0; s <= right; s += secondStep) {
      double x = LEFT + (double) s / right * plotWidth;
      h.append("<line class=\"axis\" x1=\"")
          .append(number(x))
          .append("\" x2=\"")
          .append(number(x))
          .append("\" y1=\"")
          .append(TOP + plotHeight)
          .append("\" y2=\"")
          .append(TOP + plotHeight + 4)
          .append("\"/><text class=\"x-label\" x=\"")
          .append(number(x))
          .append("\" y=\"")
          .append(number(TOP + plotHeight + 16))
          .append("\" text-anchor=\"middle\">")
          .append(Durations.format(Duration.ofSeconds(s)))
          .append("</text>");
    }
    h.append("<text class=\"title\" x=\"")
        .append(LEFT + plotWidth / 2)
        .append("\" y=\"")
        .append(HEIGHT - 4)
        .append("\" text-anchor=\"middle\">time since the first reading</text>");
    StringBuilder points = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    for (int i = 0; i < n; i++) {
      double x = LEFT + (double) (times[i] - times[0]) / 1000 / right * plotWidth;
      double y = TOP + plotHeight - (double) live[i] / unit / top * plotHeight;
      points.append(i == 0 ? "" : " ").append(number(x)).append(',').append(number(y));
      if (n <= 120) {
        dots.append("<circle class=\"point\" r=\"2.5\" cx=\"")
            .append(number(x))
            .append("\" cy=\"")
            .append(number(y))
            .append("\"><title>")
            .append(bytes(live[i]))
            .append(" at ")
            .append(Durations.format(Duration.ofMillis(times[i] - times[0])))
            .append("</title></circle>");
      }
    }
    h.append("<polyline class=\"line\" points=\"").append(points).append("\"/>").append(dots);
    h.append("</svg>\n<p class=\"hint\">")
        .append(n)
        .append(n == 1 ? " reading" : " readings")
        .append(" over ")
        .append(Durations.format(Duration.ofSeconds(spanSeconds)))
        .append("; the latest ")
        .append(bytes(live[n - 1]))
        .append(".</p>\n");
  }

  /**
   * The whole process's memory, compactly: the fit and native-growth verdicts in a line each, then
   * resident memory, the limit, heap and non-heap, unaccounted memory and NMT's largest categories.
   */
  private static void memory(StringBuilder h, MemoryStatus memory) {
    h.append("<section id=\"memory\"><h2>Process memory</h2>\n");
    if (memory == null) {
      h.append("<p class=\"note\">No footprint yet: the watchdog takes one every ")
          .append(Watchdog.MEMORY_SAMPLE_MILLIS / 1000)
          .append(" s.</p>\n</section>\n");
      return;
    }
    MemoryFootprint f = memory.footprint();
    h.append("<p class=\"fit\">").append(escape(memory.fit().summary()));
    if (!memory.fit().advice().isEmpty()) {
      h.append(". ").append(escape(memory.fit().advice()));
    }
    h.append("</p>\n<p class=\"growth\">").append(escape(memory.growth().summary()));
    if (!memory.growth().nextStep().isEmpty()) {
      h.append(". Next: ").append(escape(memory.growth().nextStep()));
    }
    h.append("</p>\n<dl class=\"facts\">");
    ProcessMemory p = f.process();
    if (p != null) {
      fact(h, "resident (RSS)", bytes(p.rssBytes()));
      if (p.anonymousBytes() >= 0) {
        fact(
            h,
            "of which",
            bytes(p.anonymousBytes())
                + " anonymous, "
                + bytes(p.fileBytes())
                + " files, "
                + bytes(Math.max(0, p.sharedBytes()))
                + " shared");
      }
    }
    long limit = f.limitBytes();
    if (limit > 0) {
      fact(h, f.limitIsContainer() ? "container limit" : "host memory", bytes(limit));
    }
    ContainerMemory c = f.container();
    if (c != null && c.workingSetBytes() >= 0) {
      fact(h, "container working set", bytes(c.workingSetBytes()));
    }
    if (f.heapBytes() >= 0) {
      fact(h, "heap (resident)", bytes(f.heapBytes()));
    }
    if (f.nonHeapBytes() >= 0) {
      fact(h, "outside the heap", bytes(f.nonHeapBytes()));
    }
    if (f.unaccountedBytes() != Long.MIN_VALUE) {
      fact(h, "not accounted by the JVM", bytes(f.unaccountedBytes()));
    }
    h.append("</dl>\n");
    if (f.nmt() != null) {
      List<NativeMemoryTracking.Category> top = new ArrayList<>(f.nmt().categories());
      top.removeIf(x -> x.name().equals("Java Heap"));
      top.sort((a, b) -> Long.compare(b.committedBytes(), a.committedBytes()));
      h.append("<table><thead><tr><th>NMT category</th><th class=\"num\">committed</th>")
          .append("</tr></thead><tbody>\n");
      for (NativeMemoryTracking.Category x : top.subList(0, Math.min(6, top.size()))) {
        h.append("<tr><td class=\"name\">")
            .append(escape(x.name()))
            .append("</td><td class=\"num\">")
            .append(bytes(x.committedBytes()))
            .append("</td></tr>\n");
      }
      h.append("</tbody></table>\n");
    } else {
      h.append("<p class=\"note\">Native memory tracking is off: ")
          .append(escape(NativeMemoryTracking.HOW_TO_ENABLE))
          .append(" to see the JVM's own categories.</p>\n");
    }
    h.append("</section>\n");
  }

  private static void histogram(StringBuilder h, List<ClassHistogram.Row> rows, String note) {
    h.append("<section id=\"histogram\"><h2>Top classes by shallow size</h2>\n<p class=\"hint\">")
        .append(escape(note))
        .append("</p>\n");
    if (rows.isEmpty()) {
      h.append("</section>\n");
      return;
    }
    h.append("<table><thead><tr><th class=\"num\">#</th><th>class</th>")
        .append("<th class=\"num\">instances</th><th class=\"num\">shallow size</th></tr>")
        .append("</thead><tbody>\n");
    for (int i = 0; i < Math.min(TOP_CLASSES, rows.size()); i++) {
      ClassHistogram.Row row = rows.get(i);
      h.append("<tr><td class=\"num\">")
          .append(i + 1)
          .append("</td><td class=\"name\">")
          .append(escape(row.className()))
          .append("</td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%,d", row.instances()))
          .append("</td><td class=\"num\">")
          .append(bytes(row.bytes()))
          .append("</td></tr>\n");
    }
    h.append("</tbody></table>\n</section>\n");
  }

  /**
   * A size as the command line writes it: {@code 512 B}, {@code 1.5 KB}, {@code 12.7 MB}, in binary
   * units.
   */
  static String bytes(long bytes) {
    long magnitude = bytes == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(bytes);
    if (magnitude < 1024) {
      return bytes + " B";
    }
    double value = magnitude;
    int unit = 0;
    while (unit < UNITS.length - 1 && value >= 1023.95) {
      value /= 1024;
      unit++;
    }
    return (bytes < 0 ? "-" : "") + String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  /** The largest power of 1024 not above {@code max} (1 for less than 1 KB). */
  private static long binaryUnit(long max) {
    long unit = 1;
    while (unit <= Long.MAX_VALUE / 1024 && max >= unit * 1024) {
      unit *= 1024;
    }
    return unit;
  }

  /** An axis value in {@code unit}s: {@code 0 B}, {@code 5 MB}, {@code 2.5 MB}. */
  static String axisBytes(double valueInUnits, long unit) {
    int index = Long.numberOfTrailingZeros(unit) / 10;
    String n =
        Math.abs(valueInUnits - Math.rint(valueInUnits)) < 1e-9
            ? Long.toString(Math.round(valueInUnits))
            : String.format(Locale.ROOT, "%.1f", valueInUnits);
    return valueInUnits == 0 ? "0 B" : n + " " + UNITS[index];
  }

  /** 1, 2 or 5 times a power of ten, at least {@code rough} (and more than 0). */
  static double niceStep(double rough) {
    if (!(rough > 0)) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(rough)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * power >= rough - 1e-12 * power) {
        return m * power;
      }
    }
    return 10 * power;
  }

  /** A tick step in seconds giving at most six ticks over {@code span} seconds. */
  private static long secondStep(long span) {
    for (long step : SECOND_STEPS) {
      if (span / step <= 6) {
        return step;
      }
    }
    return Math.max(1, span / 6 / 86_400 + 1) * 86_400;
  }

  /** Seconds rounded to what matters: {@code 45s}, {@code 7m}, {@code 3h}. */
  private static String roughly(double seconds) {
    long s = Math.round(seconds);
    if (s < 120) {
      return Durations.format(Duration.ofSeconds(s));
    } else if (s < 7200) {
      return Durations.format(Duration.ofMinutes(Math.round(seconds / 60)));
    }
    return Durations.format(Duration.ofHours(Math.round(seconds / 3600)));
  }

  private static String pValue(double p) {
    if (!Double.isFinite(p)) {
      return "n/a";
    }
    return p >= 0.001
        ? String.format(Locale.ROOT, "%.3f", p)
        : String.format(Locale.ROOT, "%.1e", p);
  }

  /** Escapes for HTML text and double-quoted attribute values. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String number(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }
}
