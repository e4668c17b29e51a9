package io.leakscope.junit5.internal;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Live bytes per class, as printed by {@code jcmd <pid> GC.class_histogram}.
 *
 * <p>Taken in-process through the HotSpot {@code DiagnosticCommand} MBean, operation {@code
 * gcClassHistogram}, which runs a full collection first, so only reachable objects count. Costs one
 * full GC plus a heap walk (tens to hundreds of milliseconds on a test-sized heap) and a map of one
 * entry per loaded class that has instances.
 *
 * <p>Immutable and thread-safe.
 *
 * @param bytesByClass live bytes per class name, as the JVM spells it (e.g. {@code [B})
 * @param totalBytes live bytes of all classes
 */
public record ClassHistogram(Map<String, Long> bytesByClass, long totalBytes) {

  private static final String MBEAN = "com.sun.management:type=DiagnosticCommand";
  // "   1:         12345        1234567  java.lang.String (java.base@17.0.15)"
  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");

  /** Copies the map. */
  public ClassHistogram {
    bytesByClass = Map.copyOf(bytesByClass);
  }

  /**
   * Collects garbage and returns the histogram of what remains.
   *
   * @throws UnsupportedOperationException if this JVM has no {@code DiagnosticCommand} MBean
   */
  public static ClassHistogram takeAfterFullGc() {
    Object text;
    try {
      text =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName(MBEAN),
                  "gcClassHistogram",
                  new Object[] {new String[0]},
                  new String[] {String[].class.getName()});
    } catch (JMException e) {
      throw new UnsupportedOperationException(
          "class histogram needs the HotSpot MBean " + MBEAN + ", operation gcClassHistogram", e);
    }
    return parse((String) text);
  }

  /** Parses the text of {@code GC.class_histogram}; rows that are not class rows are skipped. */
  static ClassHistogram parse(String text) {
    Map<String, Long> bytes = new HashMap<>();
    long total = 0;
    for (String line : text.split("\n")) {
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        long classBytes = Long.parseLong(row.group(1));
        bytes.merge(row.group(2), classBytes, Long::sum);
        total += classBytes;
      }
    }
    return new ClassHistogram(bytes, total);
  }

  /** Returns the live bytes of {@code className}, 0 if it has no instances. */
  public long bytesOf(String className) {
    return bytesByClass.getOrDefault(className, 0L);
  }
}
