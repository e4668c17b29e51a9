package io.leakscope.watchdog;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Class histograms as {@code jcmd GC.class_histogram} prints them: taken of this JVM in-process
 * through the {@code DiagnosticCommand} MBean's {@code gcClassHistogram} (which runs a full GC
 * first), and parsed from text, also when the text comes from another JVM ({@code leakscope
 * watch}).
 *
 * <p>Stateless and thread-safe.
 */
public final class ClassHistogram {

  /**
   * One row: a class, its instances and their shallow bytes.
   *
   * @param className the name as the JVM prints it ({@code Class.getName()}: {@code [B}, {@code
   *     java.util.HashMap$Node}), without the module suffix
   * @param instances how many instances
   * @param bytes their summed shallow size
   */
  public record Row(String className, long instances, long bytes) {}

  // "   1:         12345         678900  [B (java.base@17.0.15)"; the module suffix is dropped.
  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  private ClassHistogram() {}

  /** The histogram as {@code jcmd} prints it. */
  static String text() throws JMException {
    Object result =
        ManagementFactory.getPlatformMBeanServer()
            .invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "gcClassHistogram",
                new Object[] {new String[0]},
                new String[] {String[].class.getName()});
    return result == null ? "" : result.toString();
  }

  /**
   * The rows of a histogram text, in its order (largest bytes first); other lines (the header, the
   * {@code Total} line) are skipped. A class defined by several loaders has several rows.
   *
   * @param text the output of {@code GC.class_histogram}; not null
   * @return the rows, empty when the text has none
   */
  public static List<Row> parse(String text) {
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
