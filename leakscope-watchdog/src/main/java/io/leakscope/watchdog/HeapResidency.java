package io.leakscope.watchdog;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.MBeanServerConnection;

/**
 * How much of the Java heap is resident: the heap's address range from {@code GC.heap_info} (G1's
 * {@code garbage-first heap … [0x…, 0x…)}, Parallel's and Serial's generations), and the resident
 * pages of the mappings inside it from {@code /proc/<pid>/smaps}.
 *
 * <p>Why: committed heap is not resident until touched, so RSS minus committed heap understates the
 * non-heap memory, badly with {@code -Xms} equal to {@code -Xmx}, and a heap whose committed
 * regions get touched for the first time would look like native growth. With the resident heap the
 * non-heap figure is RSS minus it. ZGC and Shenandoah print no address range (ZGC maps its heap
 * several times): there the committed heap is used instead.
 *
 * <p>Cost: {@code GC.heap_info} is a short safepoint-free command; reading {@code smaps} makes the
 * kernel walk the page tables of every mapping (measured in {@code docs/memory.md}).
 */
public final class HeapResidency {

  private static final Pattern RANGE =
      Pattern.compile(
          "\\[0x([0-9a-fA-F]{1,16}),\\s*0x([0-9a-fA-F]{1,16})(?:,\\s*0x([0-9a-fA-F]{1,16}))?\\)");

  private HeapResidency() {}

  /**
   * The heap's address range {@code {from, to}} in the output of {@code GC.heap_info}: from the
   * lowest start to the highest end of the ranges printed before the metaspace lines; null when
   * none is printed.
   */
  public static long[] heapRange(String heapInfo) {
    int metaspace = heapInfo.indexOf("Metaspace");
    Matcher m = RANGE.matcher(metaspace < 0 ? heapInfo : heapInfo.substring(0, metaspace));
    long from = -1;
    long to = -1;
    while (m.find()) {
      long start = Long.parseUnsignedLong(m.group(1), 16);
      long end = Long.parseUnsignedLong(m.group(m.group(3) != null ? 3 : 2), 16);
      from = from < 0 ? start : Math.min(from, start);
      to = Math.max(to, end);
    }
    return from < 0 || to <= from ? null : new long[] {from, to};
  }

  /** {@code GC.heap_info} of the JVM behind {@code server}. */
  public static String heapInfo(MBeanServerConnection server) throws IOException, JMException {
    return DiagnosticCommand.invoke(server, "gcHeapInfo");
  }

  /**
   * The resident bytes ({@code Rss:}) of the mappings of {@code smaps} that lie inside {@code
   * [from, to)}.
   *
   * @throws IOException when the file cannot be read or a mapping has no valid {@code Rss} line
   */
  public static long residentBytes(Path smaps, long from, long to) throws IOException {
    long sum = 0;
    boolean inside = false;
    try (BufferedReader in = Files.newBufferedReader(smaps, StandardCharsets.ISO_8859_1)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        int dash = line.indexOf('-');
        int space = line.indexOf(' ');
        if (dash > 0 && space > dash && isHex(line, 0, dash)) {
          long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
          long end = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
          inside = start >= from && end <= to;
        } else if (inside && line.startsWith("Rss:")) {
          String v = line.substring(4).strip();
          long kb = v.endsWith(" kB") ? ProcessMemory.number(v.substring(0, v.length() - 3)) : -1;
          if (kb < 0) {
            throw new IOException(smaps + ": odd line '" + line + "'");
          }
          sum += kb * 1024;
        }
      }
    } catch (NumberFormatException e) {
      throw new IOException(smaps + ": odd mapping address (" + e.getMessage() + ")", e);
    }
    return sum;
  }

  private static boolean isHex(String s, int from, int to) {
    if (to - from > 16) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
