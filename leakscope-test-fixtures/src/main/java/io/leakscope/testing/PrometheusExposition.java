package io.leakscope.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 and of OpenMetrics 1.0 text, for
 * checking what a scrape returns. Stricter than Prometheus itself where our output must be clean:
 * any line it does not understand fails with {@link IllegalArgumentException} naming the line.
 *
 * <p>Checked, in both: every line ends with a newline and none is blank; comments are only {@code #
 * HELP}, {@code # TYPE} (and {@code # UNIT} in OpenMetrics), at most one of each per family, before
 * its samples; a family's samples are contiguous and each sample belongs to the family declared
 * last by name (a counter's {@code _total}; in 0.0.4 the family is named with the suffix as the
 * samples are); metric and label names match the spec's patterns; label values use only the escapes
 * {@code \\}, {@code \"}, {@code \n}; no label name twice; no sample (name and labels) twice;
 * values are floats as Go's {@code ParseFloat} reads them, or {@code NaN}, {@code +Inf}, {@code
 * -Inf}. OpenMetrics only: the unit ends the family's name, {@code _total} never ends a counter
 * family's name, a counter's value is not negative or NaN, and the text ends with exactly {@code #
 * EOF\n}.
 */
public final class PrometheusExposition {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|NaN|[+-]Inf");
  private static final Pattern SAMPLE_END = Pattern.compile(" (\\S+)( -?\\d+)?");
  private static final Set<String> TEXT_TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped");
  private static final Set<String> OPENMETRICS_TYPES =
      Set.of(
          "counter",
          "gauge",
          "histogram",
          "gaugehistogram",
          "stateset",
          "info",
          "summary",
          "unknown");

  /** One family: its name as declared in {@code # TYPE}, type, unit (null), help (null). */
  public record Family(String name, String type, String unit, String help, List<Sample> samples) {}

  /** One sample: its name, labels in order, value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private PrometheusExposition() {}

  /**
   * Parses a scrape.
   *
   * @param text the whole body
   * @param openMetrics OpenMetrics 1.0 when true, else the text format 0.0.4
   * @return the families by name, in order
   * @throws IllegalArgumentException on anything the format does not allow
   */
  public static Map<String, Family> parse(String text, boolean openMetrics) {
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("the last line does not end with a newline");
    }
    List<String> lines = List.of(text.substring(0, text.length() - 1).split("\n", -1));
    if (openMetrics) {
      if (!lines.get(lines.size() - 1).equals("# EOF")) {
        throw new IllegalArgumentException("OpenMetrics text does not end with # EOF");
      }
      lines = lines.subList(0, lines.size() - 1);
    }
    Map<String, Builder> families = new LinkedHashMap<>();
    Set<String> seenSamples = new HashSet<>();
    Builder current = null;
    for (String line : lines) {
      try {
        if (line.isEmpty()) {
          throw new IllegalArgumentException("blank line");
        } else if (line.startsWith("#")) {
          current = metadata(line, openMetrics, families, current);
        } else {
          Sample sample = sample(line);
          Builder family = current;
          if (family == null || !belongs(sample.name(), family, openMetrics)) {
            String name = sample.name();
            if (families.containsKey(name)) {
              throw new IllegalArgumentException("family " + name + " is not contiguous");
            }
            family = new Builder(name);
            family.type = openMetrics ? "unknown" : "untyped";
            families.put(name, family);
          }
          if (!seenSamples.add(sample.name() + sample.labels())) {
            throw new IllegalArgumentException("duplicate sample");
          }
          if (openMetrics
              && family.type.equals("counter")
              && (Double.isNaN(sample.value()) || sample.value() < 0)) {
            throw new IllegalArgumentException("a counter must be a number >= 0");
          }
          family.samples.add(sample);
          family.sampled = true;
          current = family;
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() + ": " + line, e);
      }
    }
    Map<String, Family> result = new LinkedHashMap<>();
    families.forEach(
        (name, b) ->
            result.put(
                name,
                new Family(name, b.type, b.unit, b.help, Collections.unmodifiableList(b.samples))));
    return Collections.unmodifiableMap(result);
  }

  private static final class Builder {
    final String name;
    String type;
    String unit;
    String help;
    boolean sampled;
    final List<Sample> samples = new ArrayList<>();

    Builder(String name) {
      this.name = name;
    }
  }

  private static Builder metadata(
      String line, boolean openMetrics, Map<String, Builder> families, Builder current) {
    String[] parts = line.split(" ", 4);
    if (parts.length < 3 || !parts[0].equals("#")) {
      throw new IllegalArgumentException("a comment other than HELP, TYPE or UNIT");
    }
    String keyword = parts[1];
    String name = parts[2];
    if (!METRIC_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad metric name " + name);
    }
    Builder family = families.get(name);
    if (family == null) {
      family = new Builder(name);
      families.put(name, family);
    } else if (family != current || family.sampled) {
      throw new IllegalArgumentException("metadata after the samples or apart from the family");
    }
    String rest = parts.length > 3 ? parts[3] : "";
    switch (keyword) {
      case "HELP" -> {
        if (family.help != null) {
          throw new IllegalArgumentException("HELP twice");
        }
        family.help = unescape(rest, openMetrics);
      }
      case "TYPE" -> {
        if (family.type != null) {
          throw new IllegalArgumentException("TYPE twice");
        }
        if (!(openMetrics ? OPENMETRICS_TYPES : TEXT_TYPES).contains(rest)) {
          throw new IllegalArgumentException("unknown type " + rest);
        }
        if (openMetrics && rest.equals("counter") && name.endsWith("_total")) {
          throw new IllegalArgumentException("an OpenMetrics counter family ends with _total");
        }
        family.type = rest;
      }
      case "UNIT" -> {
        if (!openMetrics) {
          throw new IllegalArgumentException("UNIT is OpenMetrics only");
        }
        if (family.unit != null) {
          throw new IllegalArgumentException("UNIT twice");
        }
        if (rest.isEmpty() || !name.endsWith("_" + rest)) {
          throw new IllegalArgumentException("the unit does not end the name");
        }
        family.unit = rest;
      }
      default -> throw new IllegalArgumentException("a comment other than HELP, TYPE or UNIT");
    }
    return family;
  }

  /** Whether a sample named so is one of {@code family}'s. */
  private static boolean belongs(String sample, Builder family, boolean openMetrics) {
    if (sample.equals(family.name)) {
      return !(openMetrics && "counter".equals(family.type));
    }
    if (openMetrics && "counter".equals(family.type)) {
      return sample.equals(family.name + "_total") || sample.equals(family.name + "_created");
    }
    if (family.type != null && (family.type.equals("histogram") || family.type.equals("summary"))) {
      return sample.equals(family.name + "_sum")
          || sample.equals(family.name + "_count")
          || sample.equals(family.name + "_bucket");
    }
    return false;
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException("no value");
    }
    int nameEnd = brace >= 0 && brace < space ? brace : space;
    String name = line.substring(0, nameEnd);
    if (!METRIC_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad metric name " + name);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    int i = nameEnd;
    if (brace == nameEnd) {
      i = brace + 1;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf("=\"", i);
        if (eq < 0) {
          throw new IllegalArgumentException("bad label");
        }
        String label = line.substring(i, eq);
        if (!LABEL_NAME.matcher(label).matches()) {
          throw new IllegalArgumentException("bad label name " + label);
        }
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; ; j++) {
          if (j >= line.length()) {
            throw new IllegalArgumentException("unterminated label value");
          }
          char c = line.charAt(j);
          if (c == '"') {
            break;
          } else if (c == '\\') {
            char e = j + 1 < line.length() ? line.charAt(++j) : 0;
            switch (e) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> throw new IllegalArgumentException("bad escape in a label value");
            }
          } else {
            value.append(c);
          }
        }
        if (labels.put(label, value.toString()) != null) {
          throw new IllegalArgumentException("label " + label + " twice");
        }
        i = j + 1;
        if (i < line.length() && line.charAt(i) == ',') {
          i++;
        } else if (i >= line.length() || line.charAt(i) != '}') {
          throw new IllegalArgumentException("labels not closed");
        }
      }
      i++;
    }
    Matcher end = SAMPLE_END.matcher(line.substring(i));
    if (!end.matches() || !NUMBER.matcher(end.group(1)).matches()) {
      throw new IllegalArgumentException("bad value");
    }
    String v = end.group(1);
    double value =
        switch (v) {
          case "NaN" -> Double.NaN;
          case "+Inf" -> Double.POSITIVE_INFINITY;
          case "-Inf" -> Double.NEGATIVE_INFINITY;
          default -> Double.parseDouble(v);
        };
    return new Sample(name, Collections.unmodifiableMap(labels), value);
  }

  private static String unescape(String help, boolean openMetrics) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < help.length(); i++) {
      char c = help.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = i + 1 < help.length() ? help.charAt(++i) : 0;
      switch (e) {
        case '\\' -> out.append('\\');
        case 'n' -> out.append('\n');
        case '"' -> {
          if (!openMetrics) {
            throw new IllegalArgumentException("\\\" in a 0.0.4 HELP");
          }
          out.append('"');
        }
        default -> throw new IllegalArgumentException("bad escape in HELP");
      }
    }
    return out.toString();
  }

  /**
   * The sample names and the type of each, as PromQL sees them: {@code leakscope_state=gauge},
   * {@code foo_total=counter}.
   */
  public static Map<String, String> sampleTypes(Map<String, Family> families) {
    Map<String, String> types = new LinkedHashMap<>();
    for (Family f : families.values()) {
      for (Sample s : f.samples()) {
        types.put(s.name(), f.type());
      }
    }
    return types;
  }
}
