package io.leakscope.watchdog;

import java.util.List;
import java.util.Locale;

/**
 * The {@code report} page: one self-contained HTML document (no scripts, no external URLs) with the
 * trend verdict, an inline SVG chart of the live set after GC, and the top of the class histogram.
 * Every text that comes from the JVM (class names) is HTML-escaped.
 */
final class DiagnosticsReport {

  private static final int TOP_CLASSES = 20;
  private static final int WIDTH = 720;
  private static final int HEIGHT = 240;
  private static final int PAD = 40;

  private DiagnosticsReport() {}

  static String html(
      TrendVerdict verdict, LiveSetMonitor.Series series, List<ClassHistogram.Row> histogram) {
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">")
        .append("<title>leakscope report</title><style>")
        .append("body{font-family:sans-serif;margin:2em}td,th{padding:2px 8px;text-align:right}")
        .append("td.c{text-align:left;font-family:monospace}</style></head><body>\n")
        .append("<h1>leakscope report</h1>\n<p>Verdict: <b>")
        .append(verdict.leaking() ? "LEAKING" : "not leaking")
        .append("</b>; ")
        .append(verdict.samples())
        .append(" samples after warm-up; growth ")
        .append(format(verdict.slopeBytesPerSecond()))
        .append(" B/s; p = ")
        .append(format(verdict.pValue()))
        .append("; live set ")
        .append(verdict.liveBytes())
        .append(" B");
    if (verdict.secondsToFull() >= 0) {
      h.append("; full in about ").append(format(verdict.secondsToFull())).append(" s");
    }
    h.append(".</p>\n<h2>Live set after GC</h2>\n");
    chart(h, series);
    h.append("<h2>Top classes by shallow bytes</h2>\n<table><tr><th>#</th><th>instances</th>")
        .append("<th>bytes</th><th class=\"c\">class</th></tr>\n");
    for (int i = 0; i < Math.min(TOP_CLASSES, histogram.size()); i++) {
      ClassHistogram.Row row = histogram.get(i);
      h.append("<tr><td>")
          .append(i + 1)
          .append("</td><td>")
          .append(row.instances())
          .append("</td><td>")
          .append(row.bytes())
          .append("</td><td class=\"c\">")
          .append(escape(row.className()))
          .append("</td></tr>\n");
    }
    return h.append("</table>\n</body></html>\n").toString();
  }

  private static void chart(StringBuilder h, LiveSetMonitor.Series series) {
    int n = series.count();
    h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"live set after GC\">")
        .append("<rect width=\"100%\" height=\"100%\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
    if (n == 0) {
      h.append(
          "<text x=\"20\" y=\"40\">no samples yet: no old-generation GC so far</text></svg>\n");
      return;
    }
    long t0 = series.timesMillis()[0];
    long t1 = series.timesMillis()[n - 1];
    long max = 1;
    for (long b : series.liveBytes()) {
      max = Math.max(max, b);
    }
    h.append("<polyline fill=\"none\" stroke=\"#c33\" stroke-width=\"2\" points=\"");
    for (int i = 0; i < n; i++) {
      double x =
          PAD
              + (t1 == t0 ? 0.5 : (double) (series.timesMillis()[i] - t0) / (t1 - t0))
                  * (WIDTH - 2 * PAD);
      double y = HEIGHT - PAD - (double) series.liveBytes()[i] / max * (HEIGHT - 2 * PAD);
      h.append(i == 0 ? "" : " ").append(format(x)).append(',').append(format(y));
    }
    h.append("\"/><text x=\"4\" y=\"")
        .append(PAD - 8)
        .append("\" font-size=\"12\">")
        .append(max)
        .append(" B</text><text x=\"4\" y=\"")
        .append(HEIGHT - 8)
        .append("\" font-size=\"12\">")
        .append(n)
        .append(" samples over ")
        .append((t1 - t0) / 1000)
        .append(" s</text></svg>\n");
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

  private static String format(double d) {
    return Double.isFinite(d) ? String.format(Locale.ROOT, "%.2f", d) : "n/a";
  }
}
