package io.leakscope.watchdog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A process's resident memory as Linux reports it in {@code /proc/<pid>/status}: what the kernel
 * counts against the process and, in a container, against the container's limit.
 *
 * <p>{@code VmRSS} is the sum of {@code RssAnon} (anonymous pages: the Java heap, metaspace, thread
 * stacks, malloc), {@code RssFile} (pages of mapped files: {@code libjvm.so}, the JDK's {@code
 * modules} image, the class data sharing archive, mapped buffers) and {@code RssShmem} (shared
 * memory). Kernels before 4.5 have no split: the three are then -1.
 *
 * @param rssBytes resident set size ({@code VmRSS})
 * @param anonymousBytes anonymous resident pages ({@code RssAnon}), -1 when not reported
 * @param fileBytes resident pages of mapped files ({@code RssFile}), -1 when not reported
 * @param sharedBytes resident shared memory ({@code RssShmem}), -1 when not reported
 * @param swapBytes swapped-out anonymous memory ({@code VmSwap}), -1 when not reported
 * @param peakRssBytes the highest resident set size so far ({@code VmHWM}), -1 when not reported
 * @param threads the process's threads ({@code Threads}), -1 when not reported
 */
public record ProcessMemory(
    long rssBytes,
    long anonymousBytes,
    long fileBytes,
    long sharedBytes,
    long swapBytes,
    long peakRssBytes,
    long threads) {

  /**
   * Reads {@code <proc>/<pid>/status}.
   *
   * @param proc the proc file system's mount point, {@code /proc} (a fixture tree in tests)
   * @param pid the process
   * @throws IOException when the file cannot be read or has no valid {@code VmRSS} line; the
   *     message is one line naming the file
   */
  public static ProcessMemory read(Path proc, long pid) throws IOException {
    Path status = proc.resolve(Long.toString(pid)).resolve("status");
    String text = Files.readString(status, StandardCharsets.ISO_8859_1);
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IOException(status + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses the text of {@code /proc/<pid>/status}. Lines other than the memory ones are ignored; a
   * memory line whose value is not {@code <number> kB} is left out (its figure is -1).
   *
   * @throws IllegalArgumentException when there is no valid {@code VmRSS} line (a kernel thread, or
   *     not a status file)
   */
  public static ProcessMemory parse(String text) {
    long rss = -1;
    long anon = -1;
    long file = -1;
    long shmem = -1;
    long swap = -1;
    long hwm = -1;
    long threads = -1;
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 1).strip();
      switch (key) {
        case "VmRSS" -> rss = kilobytes(value);
        case "RssAnon" -> anon = kilobytes(value);
        case "RssFile" -> file = kilobytes(value);
        case "RssShmem" -> shmem = kilobytes(value);
        case "VmSwap" -> swap = kilobytes(value);
        case "VmHWM" -> hwm = kilobytes(value);
        case "Threads" -> threads = number(value);
        default -> {
          // not a memory figure
        }
      }
    }
    if (rss < 0) {
      throw new IllegalArgumentException("no valid VmRSS line (a kernel thread, or not a status)");
    }
    return new ProcessMemory(rss, anon, file, shmem, swap, hwm, threads);
  }

  /** {@code "82436 kB"} → bytes; -1 for anything else. */
  private static long kilobytes(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    if (!v.endsWith(" kb")) {
      return -1;
    }
    long kb = number(v.substring(0, v.length() - 3).strip());
    return kb < 0 || kb > Long.MAX_VALUE / 1024 ? -1 : kb * 1024;
  }

  /** A non-negative decimal number; -1 for anything else. */
  static long number(String value) {
    if (value.isEmpty() || value.length() > 19) {
      return -1;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException tooBig) {
      return -1;
    }
  }
}
