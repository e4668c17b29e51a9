package io.leakscope.watchdog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes metric families in the Prometheus text exposition format 0.0.4 or in OpenMetrics 1.0 text,
 * and picks one of the two from a request's {@code Accept} header.
 *
 * <p>The differences that matter here: OpenMetrics names a counter family without its {@code
 * _total} suffix in {@code # TYPE} and {@code # HELP} (0.0.4 names it with the suffix, as the
 * samples are), has {@code # UNIT} lines (the unit must end the family's name), escapes {@code "}
 * in help texts too, and ends with {@code # EOF}. Label values are escaped alike in both ({@code
 * \\}, {@code \"}, {@code \n}). Values are written as integers when they are whole and exact in a
 * double, as Java's shortest round-trip decimal otherwise, and as {@code NaN}, {@code +Inf}, {@code
 * -Inf}.
 *
 * <p>Stateless and thread-safe.
 */
final class Exposition {

  /** The Prometheus text format's content type. */
  static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  /** OpenMetrics 1.0's content type. */
  static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  enum Type {
    GAUGE,
    COUNTER
  }

  /** One sample: label names and values alternating ({@code "signal", "threads"}), and a value. */
  record Sample(List<String> labels, double value) {
    Sample {
      labels = List.copyOf(labels);
      if (labels.size() % 2 != 0) {
        throw new IllegalArgumentException("labels: names and values alternate: " + labels);
      }
    }
  }

  /**
   * A family: its name (a counter's without {@code _total}), type, unit (null for none; when given,
   * the name ends with {@code _<unit>}), one line of help, and its samples.
   */
  record Family(String name, Type type, String unit, String help, List<Sample> samples) {
    Family {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(help, "help");
      samples = List.copyOf(samples);
      if (!METRIC_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("not a metric name: " + name);
      }
      if (unit != null && !name.endsWith("_" + unit)) {
        throw new IllegalArgumentException(name + " does not end with its unit " + unit);
      }
      if (type == Type.COUNTER && name.endsWith("_total")) {
        throw new IllegalArgumentException(name + ": name a counter without _total");
      }
    }
  }

  private Exposition() {}

  /** The families of these series at these values (index for index): one family per run. */
  static List<Family> families(List<MetricSeries> series, double[] values) {
    List<Family> families = new ArrayList<>();
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      MetricSeries s = series.get(i);
      samples.add(
          new Sample(
              s.label() == null ? List.of() : List.of(s.family().labelName(), s.label()),
              values[i]));
      if (i + 1 == series.size() || series.get(i + 1).family() != s.family()) {
        MetricFamily f = s.family();
        families.add(new Family(f.prometheusName(), Type.GAUGE, f.unit(), f.help(), samples));
        samples = new ArrayList<>();
      }
    }
    return families;
  }

  /** The exposition of {@code families} in OpenMetrics when {@code openMetrics}, else 0.0.4. */
  static String write(List<Family> families, boolean openMetrics) {
    StringBuilder out = new StringBuilder(4096);
    for (Family f : families) {
      boolean counter = f.type() == Type.COUNTER;
      String sampleName = counter ? f.name() + "_total" : f.name();
      String familyName = openMetrics ? f.name() : sampleName;
      String type = f.type().name().toLowerCase(Locale.ROOT);
      out.append("# HELP ").append(familyName).append(' ');
      escape(out, f.help(), openMetrics);
      out.append("\n# TYPE ").append(familyName).append(' ').append(type).append('\n');
      if (openMetrics && f.unit() != null) {
        out.append("# UNIT ").append(familyName).append(' ').append(f.unit()).append('\n');
      }
      for (Sample s : f.samples()) {
        out.append(sampleName);
        if (!s.labels().isEmpty()) {
          out.append('{');
          for (int i = 0; i < s.labels().size(); i += 2) {
            out.append(i == 0 ? "" : ",").append(s.labels().get(i)).append("=\"");
            escape(out, s.labels().get(i + 1), true);
            out.append('"');
          }
          out.append('}');
        }
        out.append(' ').append(number(s.value())).append('\n');
      }
    }
    if (openMetrics) {
      out.append("# EOF\n");
    }
    return out.toString();
  }

  /** A value as both formats write it. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    } else if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    } else if (v == Math.rint(v) && Math.abs(v) < 0x1p53) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /** Backslash and newline always; the double quote too when {@code quotes}. */
  private static void escape(StringBuilder out, String s, boolean quotes) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '"' -> out.append(quotes ? "\\\"" : "\"");
        default -> out.append(c);
      }
    }
  }

  /**
   * Whether to answer in OpenMetrics: when the {@code Accept} header (all its values joined by
   * commas; null when absent) accepts {@code application/openmetrics-text} at least as much as any
   * media range that covers {@code text/plain}. Prometheus asks for OpenMetrics first, at q=1.
   */
  static boolean wantsOpenMetrics(String accept) {
    if (accept == null) {
      return false;
    }
    double openMetrics = 0;
    double text = 0;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].strip().toLowerCase(Locale.ROOT);
      double q = 1;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].strip();
        if (p.regionMatches(true, 0, "q=", 0, 2)) {
          try {
            q = Double.parseDouble(p.substring(2).strip());
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (type.equals("application/openmetrics-text")) {
        openMetrics = Math.max(openMetrics, q);
      } else if (type.equals("text/plain") || type.equals("text/*") || type.equals("*/*")) {
        text = Math.max(text, q);
      }
    }
    return openMetrics > 0 && openMetrics >= text;
  }
}
