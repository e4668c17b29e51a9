package io.leakscope.watchdog;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;

/**
 * The class histogram of the live objects of this JVM, taken in-process through the {@code
 * DiagnosticCommand} MBean's {@code gcClassHistogram} (the twin of {@code jcmd GC.class_histogram};
 * it runs a full GC first), and its rows parsed from the text.
 */
final class ClassHistogram {

  /** One row: a class, its live instances and their shallow bytes. */
  record Row(String className, long instances, long bytes) {}

  // "   1:         12345         678900  [B (java.base@17.0.15)"; the module suffix is dropped.
  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  private ClassHistogram() {}

  /** The histogram as {@code jcmd} prints it. */
  static String text() throws JMException {
    return DiagnosticCommand.invoke("gcClassHistogram");
  }

  /** The rows of a histogram text, in its order (largest bytes first); other lines are skipped. */
  static List<Row> parse(String text) {
    List<Row> rows = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        rows.add(new Row(m.group(3), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
      }
    }
    return rows;
  }
}
