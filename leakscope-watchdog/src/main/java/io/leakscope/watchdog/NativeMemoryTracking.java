package io.leakscope.watchdog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.MBeanServerConnection;

/**
 * HotSpot's Native Memory Tracking summary ({@code jcmd <pid> VM.native_memory summary}), parsed:
 * what the JVM itself has reserved and committed, per category ({@code Java Heap}, {@code Class},
 * {@code Thread}, {@code Code}, {@code GC}, {@code Other}, …). Available only when the JVM was
 * started with {@code -XX:NativeMemoryTracking=summary} (or {@code detail}); it costs that JVM
 * about 5–10% in allocation-heavy native code and a couple of machine words per malloc.
 *
 * <p>Taken through the {@code DiagnosticCommand} MBean ({@code vmNativeMemory summary}), in this
 * JVM or another one over JMX, like the class histograms. Parsed on JDK 17 and 25, whose layouts
 * differ in the detail lines; only the {@code Total:} line and each category's first line ({@code -
 * Name (reserved=…KB, committed=…KB…)}) are read, in any of NMT's scales (B, KB, MB, GB).
 *
 * @param reservedBytes address space reserved, all categories
 * @param committedBytes memory committed, all categories: the JVM's own view of its footprint
 * @param categories committed and reserved bytes per category, in the JVM's order
 * @param threadStackCommittedBytes committed thread stacks (the {@code Thread} category's {@code
 *     stack:} line), -1 when not printed
 */
public record NativeMemoryTracking(
    long reservedBytes,
    long committedBytes,
    List<Category> categories,
    long threadStackCommittedBytes) {

  /** One NMT category, e.g. {@code Thread} or {@code Other}. */
  public record Category(String name, long reservedBytes, long committedBytes) {}

  /** What the JVM prints when tracking is off. */
  static final String NOT_ENABLED = "Native memory tracking is not enabled";

  /** How to turn tracking on, for the one-line reasons. */
  public static final String HOW_TO_ENABLE = "start the JVM with -XX:NativeMemoryTracking=summary";

  private static final String SIZE = "(\\d{1,15})\\s*(B|KB|MB|GB)";
  private static final Pattern TOTAL =
      Pattern.compile("(?m)^Total:\\s+reserved=" + SIZE + ",\\s*committed=" + SIZE);
  private static final Pattern CATEGORY =
      Pattern.compile("^-\\s+(.+?)\\s+\\(reserved=" + SIZE + ",\\s*committed=" + SIZE);
  private static final Pattern STACK =
      Pattern.compile("^\\s*\\(stack:\\s+reserved=" + SIZE + ",\\s*committed=" + SIZE);

  public NativeMemoryTracking {
    categories = List.copyOf(categories);
  }

  /**
   * Takes the summary of the JVM behind {@code server}.
   *
   * @throws IllegalStateException when tracking is off (its message says how to turn it on) or the
   *     output cannot be parsed
   * @throws IOException when the connection fails
   * @throws JMException when the JVM has no {@code DiagnosticCommand} MBean or the command fails
   */
  public static NativeMemoryTracking read(MBeanServerConnection server)
      throws IOException, JMException {
    return parse(DiagnosticCommand.invoke(server, "vmNativeMemory", "summary"));
  }

  /**
   * Parses the output of {@code VM.native_memory summary}.
   *
   * @throws IllegalStateException when tracking is off or the text has no {@code Total:} line
   */
  public static NativeMemoryTracking parse(String text) {
    if (text.contains(NOT_ENABLED)) {
      throw new IllegalStateException("native memory tracking is off: " + HOW_TO_ENABLE);
    }
    Matcher total = TOTAL.matcher(text);
    if (!total.find()) {
      throw new IllegalStateException(
          "no 'Total: reserved=…, committed=…' line in the VM.native_memory summary");
    }
    List<Category> categories = new ArrayList<>();
    long stack = -1;
    String current = null;
    for (String line : text.split("\n")) {
      Matcher c = CATEGORY.matcher(line);
      if (c.find()) {
        current = c.group(1);
        categories.add(
            new Category(current, bytes(c.group(2), c.group(3)), bytes(c.group(4), c.group(5))));
        continue;
      }
      Matcher s = STACK.matcher(line);
      if (s.find() && "Thread".equals(current)) {
        stack = bytes(s.group(3), s.group(4));
      }
    }
    return new NativeMemoryTracking(
        bytes(total.group(1), total.group(2)),
        bytes(total.group(3), total.group(4)),
        categories,
        stack);
  }

  /** The committed bytes of a category, or -1 when the summary does not list it. */
  public long committed(String category) {
    for (Category c : categories) {
      if (c.name().equals(category)) {
        return c.committedBytes();
      }
    }
    return -1;
  }

  /**
   * Committed bytes per category minus those of {@code baseline} (a category missing on one side
   * counts 0 there), in this summary's order, then categories only the baseline has.
   */
  public Map<String, Long> committedGrowthSince(NativeMemoryTracking baseline) {
    Map<String, Long> growth = new LinkedHashMap<>();
    for (Category c : categories) {
      growth.put(c.name(), c.committedBytes() - Math.max(0, baseline.committed(c.name())));
    }
    for (Category c : baseline.categories()) {
      growth.putIfAbsent(c.name(), -c.committedBytes());
    }
    return growth;
  }

  private static long bytes(String number, String unit) {
    long v = Long.parseLong(number);
    return switch (unit.toUpperCase(Locale.ROOT)) {
      case "KB" -> v << 10;
      case "MB" -> v << 20;
      case "GB" -> v << 30;
      default -> v;
    };
  }
}
