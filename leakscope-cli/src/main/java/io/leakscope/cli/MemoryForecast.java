package io.leakscope.cli;

import io.leakscope.analysis.HeapAnalyzer;
import io.leakscope.hprof.ProgressListener;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Warns, as soon as a dump's index is built (its objects and references counted, about a third into
 * the work), when its analysis will likely need more Java heap than the JVM may take: on a big dump
 * the {@code OutOfMemoryError} would come minutes later, in the dominator computation. The analysis
 * goes on (the estimate, {@link HeapAnalyzer#heapNeeded}, is for dumps shaped like the ones
 * measured), and the warning says how to give it more heap, or that this machine is too small and
 * {@code leakscope histogram} counts the dump anyway.
 *
 * <p>Every progress update goes on to the bar, if there is one; the warning is printed whether or
 * not a bar is drawn, on its own line.
 */
final class MemoryForecast implements ProgressListener {
  /**
   * What the machine keeps for itself and the page cache (the analysis's files) beside the heap.
   */
  static final double MACHINE_SHARE = 0.85;

  private static final double GB = 1 << 30;

  private final @Nullable ProgressBar bar;
  private final PrintWriter err;
  private final long maxHeap;
  private final long machineMemory;

  MemoryForecast(@Nullable ProgressBar bar, PrintWriter err, long maxHeap, long machineMemory) {
    this.bar = bar;
    this.err = err;
    this.maxHeap = maxHeap;
    this.machineMemory = machineMemory;
  }

  /** For this JVM: its maximum heap, and the memory of the machine (or container) it runs in. */
  static MemoryForecast forThisJvm(@Nullable ProgressBar bar, PrintWriter err) {
    return new MemoryForecast(bar, err, Runtime.getRuntime().maxMemory(), machineMemory());
  }

  @Override
  public void update(String phase, long done, long total) {
    if (bar != null) {
      bar.update(phase, done, total);
    }
  }

  @Override
  public void indexed(Path dump, long objects, long references) {
    warning(dump, objects, references, maxHeap, machineMemory)
        .ifPresent(
            line -> {
              if (bar != null) {
                bar.finish(); // the bar is drawn again by the next update, below the warning
              }
              err.println(line);
              err.flush();
            });
  }

  /**
   * The warning for {@code dump}, of {@code objects} objects and {@code references} references,
   * analyzed with at most {@code maxHeap} bytes of heap on a machine of {@code machineMemory} bytes
   * (0 if unknown); empty if it should fit.
   */
  static Optional<String> warning(
      Path dump, long objects, long references, long maxHeap, long machineMemory) {
    long needed = HeapAnalyzer.heapNeeded(objects, references);
    if (needed <= maxHeap) {
      return Optional.empty();
    }
    // a whole number of GB, with a tenth more for what the estimate does not see
    long suggestedGb = (long) Math.ceil(needed * 1.1 / GB);
    String head =
        String.format(
            Locale.ROOT,
            "leakscope: warning: %s has %,d objects and %,d references; analyzing it takes"
                + " about %s of Java heap, and this JVM may use %s, so it will likely run out of"
                + " memory.",
            dump,
            objects,
            references,
            size(needed),
            size(maxHeap));
    String histogram =
        " (leakscope histogram counts the objects by class in memory that does not grow with"
            + " them.)";
    if (machineMemory > 0 && suggestedGb * GB > machineMemory * MACHINE_SHARE) {
      return Optional.of(
          head
              + String.format(
                  Locale.ROOT,
                  " This machine has %.1f GB: analyze the dump on one with %d GB or more.",
                  machineMemory / GB,
                  (long) Math.ceil(suggestedGb / MACHINE_SHARE))
              + histogram);
    }
    return Optional.of(
        head
            + " Give it more: LEAKSCOPE_JAVA_OPTS=-Xmx"
            + suggestedGb
            + "g ./leakscope ..., or java -Xmx"
            + suggestedGb
            + "g -jar leakscope.jar ..."
            + (machineMemory > 0
                ? String.format(Locale.ROOT, " (this machine has %.1f GB).", machineMemory / GB)
                : "."));
  }

  /** {@code 18.2 GB}, or {@code 350 MB} below a gigabyte. */
  static String size(long bytes) {
    return bytes < GB
        ? String.format(Locale.ROOT, "%d MB", bytes >> 20)
        : String.format(Locale.ROOT, "%.1f GB", bytes / GB);
  }

  /** The physical memory of the machine, or of the container's limit; 0 if unknown. */
  private static long machineMemory() {
    try {
      if (ManagementFactory.getOperatingSystemMXBean()
          instanceof com.sun.management.OperatingSystemMXBean os) {
        return os.getTotalMemorySize();
      }
    } catch (RuntimeException | LinkageError e) {
      // no management bean: the warning names no machine size
    }
    return 0;
  }
}
