package io.leakscope.cli.it;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Instances and shallow bytes per class name, in Java-source form ({@code byte[]}, {@code
 * java.util.HashMap$Node}). Classes of the same name (several class loaders) are one row. Comes
 * from {@code jcmd GC.class_histogram} or from a leakscope JSON report, so the two can be compared.
 */
public final class ClassHistogram {
  /** One class's totals. */
  public record Row(long instances, long bytes) {
    Row plus(Row other) {
      return new Row(instances + other.instances, bytes + other.bytes);
    }

    Row minus(Row other) {
      return new Row(instances - other.instances, bytes - other.bytes);
    }

    @Override
    public String toString() {
      return instances + " instances, " + bytes + " bytes";
    }
  }

  static final Row NONE = new Row(0, 0);

  //   12:          1463         180096  java.lang.Class (java.base@17.0.15)
  private static final Pattern JCMD_ROW =
      Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)(?:\\s+\\((.*)\\))?\\s*$");
  // Total         29057        1319320
  private static final Pattern JCMD_TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

  private final Map<String, Row> rows;

  private ClassHistogram(Map<String, Row> rows) {
    this.rows = Map.copyOf(rows);
  }

  /** A histogram of the given rows (names in Java-source form). */
  public static ClassHistogram of(Map<String, Row> rows) {
    return new ClassHistogram(rows);
  }

  /**
   * Parses the output of {@code jcmd <pid> GC.class_histogram}: a line with the pid, a header, one
   * line per class ({@code rank: #instances #bytes name [(module)]}) and a {@code Total} line.
   *
   * @throws IllegalArgumentException if there is no table or the rows do not add up to the total
   */
  public static ClassHistogram parseJcmd(String output) {
    Map<String, Row> rows = new TreeMap<>();
    Row total = null;
    Row sum = NONE;
    for (String line : output.split("\\R")) {
      Matcher row = JCMD_ROW.matcher(line);
      if (row.matches()) {
        Row r = new Row(Long.parseLong(row.group(1)), Long.parseLong(row.group(2)));
        rows.merge(sourceName(row.group(3)), r, Row::plus);
        sum = sum.plus(r);
        continue;
      }
      Matcher t = JCMD_TOTAL.matcher(line.trim());
      if (t.matches()) {
        total = new Row(Long.parseLong(t.group(1)), Long.parseLong(t.group(2)));
      }
    }
    if (rows.isEmpty() || total == null || !total.equals(sum)) {
      throw new IllegalArgumentException(
          "not a complete class histogram (rows add up to "
              + sum
              + ", Total line says "
              + total
              + "):\n"
              + output);
    }
    return new ClassHistogram(rows);
  }

  /**
   * The Java-source form of a class name as the JVM prints it ({@link Class#getName()}): array
   * descriptors become {@code type[]…} ({@code [B} → {@code byte[]}, {@code [[I} → {@code int[][]},
   * {@code [Ljava.lang.String;} → {@code java.lang.String[]}); other names are returned as they
   * are, hidden classes included ({@code Foo$$Lambda/0x…}).
   */
  public static String sourceName(String jvmName) {
    int dims = 0;
    while (dims < jvmName.length() && jvmName.charAt(dims) == '[') {
      dims++;
    }
    if (dims == 0) {
      return jvmName;
    }
    String element = jvmName.substring(dims);
    String type =
        switch (element) {
          case "Z" -> "boolean";
          case "B" -> "byte";
          case "C" -> "char";
          case "S" -> "short";
          case "I" -> "int";
          case "J" -> "long";
          case "F" -> "float";
          case "D" -> "double";
          default -> {
            if (!element.startsWith("L") || !element.endsWith(";")) {
              throw new IllegalArgumentException("not an array class name: " + jvmName);
            }
            yield element.substring(1, element.length() - 1);
          }
        };
    return type + "[]".repeat(dims);
  }

  public Map<String, Row> rows() {
    return rows;
  }

  public Optional<Row> find(String className) {
    return Optional.ofNullable(rows.get(className));
  }

  public Row get(String className) {
    return rows.getOrDefault(className, NONE);
  }

  public Row total() {
    return rows.values().stream().reduce(NONE, Row::plus);
  }

  /** This histogram with the row {@code from} (if any) added to the row {@code into}. */
  public ClassHistogram fold(String from, String into) {
    Row moved = rows.get(from);
    if (moved == null) {
      return this;
    }
    Map<String, Row> result = new TreeMap<>(rows);
    result.remove(from);
    result.merge(into, moved, Row::plus);
    return new ClassHistogram(result);
  }

  /** This histogram without the row {@code className}. */
  public ClassHistogram without(String className) {
    Map<String, Row> result = new TreeMap<>(rows);
    result.remove(className);
    return new ClassHistogram(result);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClassHistogram other && rows.equals(other.rows);
  }

  @Override
  public int hashCode() {
    return rows.hashCode();
  }

  @Override
  public String toString() {
    return "ClassHistogram[" + rows.size() + " classes, total " + total() + "]";
  }
}
