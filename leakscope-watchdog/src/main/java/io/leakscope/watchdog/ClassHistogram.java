package io.leakscope.watchdog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.MBeanServerConnection;

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
   * @param className the name in Java-source form, as leakscope shows class names everywhere:
   *     {@code byte[]} (the JVM prints {@code [B}), {@code java.lang.String[][]}, {@code
   *     java.util.HashMap$Node}; without the module suffix
   * @param instances how many instances
   * @param bytes their summed shallow size
   */
  public record Row(String className, long instances, long bytes) {}

  // "   1:         12345         678900  [B (java.base@17.0.15)"; the module suffix is dropped.
  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  private ClassHistogram() {}

  /** The histogram of this JVM's live objects as {@code jcmd} prints it. */
  static String text() throws JMException {
    return DiagnosticCommand.invoke("gcClassHistogram");
  }

  /**
   * The class histogram of the JVM behind {@code server}, as {@code jcmd GC.class_histogram} prints
   * it, through its {@code DiagnosticCommand} MBean.
   *
   * @param server this JVM's platform MBean server, or a JMX connection to another JVM; not null
   * @param liveOnly true for live objects only, which runs a full GC first; false for every object
   *     in the heap, reachable or not ({@code -all}), which forces no GC
   * @throws IOException when the connection fails
   * @throws JMException when the JVM has no such MBean or the command fails
   */
  public static String text(MBeanServerConnection server, boolean liveOnly)
      throws IOException, JMException {
    return liveOnly
        ? DiagnosticCommand.invoke(server, "gcClassHistogram")
        : DiagnosticCommand.invoke(server, "gcClassHistogram", "-all");
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
        rows.add(
            new Row(
                sourceName(m.group(3)), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
      }
    }
    return rows;
  }

  /**
   * The histogram text with each row's class name in Java-source form ({@link #sourceName}), the
   * rest of every line (numbers, module suffix, header, total) as it was.
   *
   * @param text the output of {@code GC.class_histogram}; not null
   * @return the same text with {@code byte[]} for {@code [B} and so on
   */
  public static String readable(String text) {
    StringBuilder out = new StringBuilder(text.length() + 256);
    for (String line : text.split("\n", -1)) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        out.append(line, 0, m.start(3))
            .append(sourceName(m.group(3)))
            .append(line, m.end(3), line.length());
      } else {
        out.append(line);
      }
      out.append('\n');
    }
    out.setLength(out.length() - 1);
    return out.toString();
  }

  /**
   * The Java-source form of a class name as {@link Class#getName()} gives it: {@code [B} → {@code
   * byte[]}, {@code [[Ljava.lang.String;} → {@code java.lang.String[][]}; other names unchanged.
   *
   * @param jvmName not null
   * @return the name as Java source writes the type
   */
  public static String sourceName(String jvmName) {
    int dims = 0;
    while (dims < jvmName.length() && jvmName.charAt(dims) == '[') {
      dims++;
    }
    String element = jvmName.substring(dims);
    if (dims == 0 || element.isEmpty()) {
      return jvmName;
    }
    String type;
    if (element.length() == 1) {
      int i = "ZBCSIJFD".indexOf(element.charAt(0));
      if (i < 0) {
        return jvmName;
      }
      type = PRIMITIVES.get(i);
    } else if (element.charAt(0) == 'L' && element.endsWith(";")) {
      type = element.substring(1, element.length() - 1);
    } else {
      return jvmName;
    }
    return type + "[]".repeat(dims);
  }

  private static final List<String> PRIMITIVES =
      List.of("boolean", "byte", "char", "short", "int", "long", "float", "double");
}
