package io.leakscope.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the peak resident set size ("high water mark", {@code VmHWM}) of a process from Linux's
 * {@code /proc/PID/status}.
 *
 * <p>VmHWM is the kernel's own maximum of the process's RSS over its whole life: Java heap that was
 * touched, metaspace, code cache, thread stacks, GC structures, malloc'd memory and the pages of
 * memory-mapped files that were read. It is the number an OOM killer or a container limit sees.
 */
public final class PeakRss {

  private PeakRss() {}

  /**
   * Peak RSS of this JVM.
   *
   * @return kilobytes, or -1 where {@code /proc} is not available (not Linux)
   */
  public static long selfKb() {
    return readKb(Path.of("/proc/self/status"));
  }

  private static long readKb(Path status) {
    return status(status).getOrDefault("VmHWM", -1L);
  }

  /**
   * The fields of another process's {@code /proc/PID/status} that are in kilobytes ({@code VmRSS},
   * {@code VmHWM}, {@code RssAnon}, {@code RssFile} …), by name, for sampling a child from outside.
   *
   * @return empty if the process is gone or {@code /proc} is not available
   */
  static java.util.Map<String, Long> statusKb(long pid) {
    return status(Path.of("/proc/" + pid + "/status"));
  }

  private static java.util.Map<String, Long> status(Path status) {
    java.util.Map<String, Long> kb = new java.util.HashMap<>();
    try {
      for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
        // "VmHWM:\t  123456 kB"
        int colon = line.indexOf(':');
        if (colon > 0 && line.endsWith(" kB")) {
          kb.put(
              line.substring(0, colon),
              Long.parseLong(line.substring(colon + 1, line.length() - 3).trim()));
        }
      }
    } catch (IOException | RuntimeException e) {
      kb.clear();
    }
    return kb;
  }
}
