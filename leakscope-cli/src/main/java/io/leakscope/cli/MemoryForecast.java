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
 * the work), when its analysis will need more Java heap than the JVM may take: on a big dump the
 * {@code OutOfMemoryError} would come minutes later, in the dominator computation. The analysis
 * goes on (the estimate, {@link HeapAnalyzer#heapNeeded}, is for dumps shaped like the ones
 * measured, and 11 to 14% above what they took), and the warning says how much heap to give it, or
 * that this machine is too small and {@code leakscope histogram} counts the dump anyway. A heap so
 * small that the index itself does not fit runs out while indexing, before any warning; the
 * out-of-memory message then gives the usual advice, and after a warning it repeats the warning's
 * ({@link #advice}).
 *
 * <p>Every progress update goes on to the bar, if there is one; the warning is printed whether or
 * not a bar is drawn, on its own line.
 */
final class MemoryForecast implements ProgressListener {
  /**
   * The most of the machine's memory the heap should take: the rest is the operating system's and
   * the page cache's, which holds the analysis's temporary files.
   */
  static final double MACHINE_SHARE = 0.85;

  /** Beyond this many times the JVM's maximum heap, the estimate says "will likely" run out. */
  static final double LIKELY = 1.15;

  private static final long GB = 1L << 30;

  private final @Nullable ProgressBar bar;
  private final PrintWriter err;
  private final long maxHeap;
  private final long machineMemory;
  private @Nullable String advice;

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
    Optional<Warning> w = warning(dump, objects, references, maxHeap, machineMemory);
    if (w.isPresent()) {
      advice = w.get().advice();
      if (bar != null) {
        bar.finish(); // the bar is drawn again by the next update, below the warning
      }
      err.println(w.get().line());
      err.flush();
    }
  }

  /** What the last warning advised ({@code "-Xmx24g"}, ...), for the out-of-memory message. */
  @Nullable String advice() {
    return advice;
  }

  /** A warning's line, and its advice in a few words. */
  record Warning(String line, String advice) {}

  /**
   * The warning for {@code dump}, of {@code objects} objects and {@code references} references,
   * analyzed with at most {@code maxHeap} bytes of heap on a machine of {@code machineMemory} bytes
   * (0 if unknown); empty if it should fit.
   */
  static Optional<Warning> warning(
      Path dump, long objects, long references, long maxHeap, long machineMemory) {
    long needed = HeapAnalyzer.heapNeeded(objects, references);
    if (needed <= maxHeap) {
      return Optional.empty();
    }
    String head =
        String.format(
            Locale.ROOT,
            "leakscope: warning: %s has %,d objects and %,d references; analyzing it takes"
                + " about %s of Java heap, and this JVM may use %s, so it %s run out of memory.",
            dump,
            objects,
            references,
            sizeUp(needed),
            sizeDown(maxHeap),
            needed > maxHeap * LIKELY ? "will likely" : "may");
    // the estimate is above what the dumps measured took already: no more margin on it
    long heapGb = (needed + GB - 1) / GB;
    if (machineMemory > 0 && needed > machineMemory * MACHINE_SHARE) {
      long machineGb = (long) Math.ceil(needed / MACHINE_SHARE / GB);
      return Optional.of(
          new Warning(
              head
                  + String.format(
                      Locale.ROOT,
                      " This machine has %s: analyze the dump on one with %d GB or more. (leakscope"
                          + " histogram counts its objects by class in memory that does not grow"
                          + " with them.)",
                      sizeDown(machineMemory),
                      machineGb),
              "analyze it on a machine with " + machineGb + " GB or more"));
    }
    String xmx = "-Xmx" + heapGb + "g";
    return Optional.of(
        new Warning(
            head
                + " Give it more: LEAKSCOPE_JAVA_OPTS="
                + xmx
                + " ./leakscope ..., or java -XX:+UseSerialGC "
                + xmx
                + " -jar leakscope.jar ..."
                + (machineMemory > 0
                    ? " (this machine has " + sizeDown(machineMemory) + ")."
                    : "."),
            "give it " + xmx));
  }

  /** {@code 18.2 GB} (tenths rounded up), or {@code 350 MB} (rounded up) below a gigabyte. */
  static String sizeUp(long bytes) {
    return bytes < GB
        ? String.format(Locale.ROOT, "%d MB", (bytes + (1 << 20) - 1) >> 20)
        : String.format(Locale.ROOT, "%.1f GB", Math.ceil(bytes * 10.0 / GB) / 10);
  }

  /** {@code 18.1 GB} (tenths rounded down), or {@code 349 MB} (rounded down) below a gigabyte. */
  static String sizeDown(long bytes) {
    return bytes < GB
        ? String.format(Locale.ROOT, "%d MB", bytes >> 20)
        : String.format(Locale.ROOT, "%.1f GB", Math.floor(bytes * 10.0 / GB) / 10);
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
