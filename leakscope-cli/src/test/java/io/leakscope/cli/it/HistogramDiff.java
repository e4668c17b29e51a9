package io.leakscope.cli.it;

import io.leakscope.cli.it.ClassHistogram.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/** The classes in which two histograms differ, rendered as a table for assertion messages. */
final class HistogramDiff {
  /** One differing class; absent rows count as zero. */
  record Line(String className, Row expected, Row actual) {}

  private HistogramDiff() {}

  /** Classes whose rows differ according to {@code same} (which sees absent rows as zero). */
  static List<Line> compare(
      ClassHistogram expected, ClassHistogram actual, BiPredicate<String, Line> same) {
    Set<String> names = new TreeSet<>(expected.rows().keySet());
    names.addAll(actual.rows().keySet());
    List<Line> lines = new ArrayList<>();
    for (String name : names) {
      Line line = new Line(name, expected.get(name), actual.get(name));
      if (!same.test(name, line)) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** Classes whose rows differ in instances or bytes. */
  static List<Line> compareExactly(ClassHistogram expected, ClassHistogram actual) {
    return compare(expected, actual, (name, line) -> line.expected().equals(line.actual()));
  }

  /** A fixed-width table with one line per differing class (at most {@code 60} lines). */
  static String table(String expectedLabel, String actualLabel, List<Line> lines) {
    int width = "class".length();
    for (Line line : lines) {
      width = Math.max(width, line.className().length());
    }
    width = Math.min(width, 90);
    String format = "%-" + width + "s %14s %14s %16s %16s%n";
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            format,
            "class",
            expectedLabel + " #",
            actualLabel + " #",
            expectedLabel + " bytes",
            actualLabel + " bytes"));
    int shown = 0;
    for (Line line : lines) {
      if (++shown > 60) {
        out.append("… and ").append(lines.size() - 60).append(" more classes\n");
        break;
      }
      out.append(
          String.format(
              format,
              line.className(),
              line.expected().instances(),
              line.actual().instances(),
              line.expected().bytes(),
              line.actual().bytes()));
    }
    return out.toString();
  }
}
