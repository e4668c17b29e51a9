package io.leakscope.cli;

import io.leakscope.analysis.HeapAnalyzer;
import io.leakscope.hprof.ProgressListener;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Warns, as soon as a dump's index is built (its objects and references counted, about a third into
 * the work), when its analysis will need more Java heap than the JVM may take: on a big dump the
 * {@code OutOfMemoryError} would come minutes later, in the dominator computation. When even the
 * objects alone need more (the first pass has counted them, about a tenth of the way), it warns
 * then, before the index runs out of memory itself. When the objects and their reference slots, an
 * upper bound of the references, need more (before the second pass), it warns that it may run out:
 * in a dump made mostly of references, the second pass's edges run out of memory before the index
 * is built. One warning per dump, the latest estimate's advice kept for the out-of-memory message.
 * The analysis goes on (the estimate, {@link HeapAnalyzer#heapNeeded}, is for dumps shaped like the
 * ones measured), and the warning says how much heap to give it, or that this machine is too small
 * and {@code leakscope histogram} counts the dump anyway. An out-of-memory error after a warning
 * repeats its advice ({@link #advice}).
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
  private @Nullable Path warned;

  /** What {@link #warning} knows of the references. */
  enum References {
    /** Not counted yet (after the first pass): the estimate is the least the dump can need. */
    UNCOUNTED,
    /**
     * Their slots counted, before the second pass: the estimate is the most the dump can need (null
     * references are left out later; 2% to 19% of the slots in the dumps measured).
     */
    AT_MOST,
    /** Counted by the second pass. */
    COUNTED
  }

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
  public void counted(Path dump, long objects) {
    // the references are not counted yet: none is the least the dump can need
    warn(dump, warning(dump, objects, 0, References.UNCOUNTED, maxHeap, machineMemory));
  }

  @Override
  public void bounded(Path dump, long objects, long atMostReferences) {
    warn(
        dump, warning(dump, objects, atMostReferences, References.AT_MOST, maxHeap, machineMemory));
  }

  @Override
  public void indexed(Path dump, long objects, long references) {
    warn(dump, warning(dump, objects, references, References.COUNTED, maxHeap, machineMemory));
  }

  /** Prints {@code w}, unless this dump was warned about already; its advice replaces the last. */
  private void warn(Path dump, Optional<Warning> w) {
    if (w.isEmpty()) {
      // an estimate that fits keeps the advice of an earlier one that did not (the bound of the
      // references, then their count): the line printed gave it, and an out-of-memory error that
      // repeats it does not contradict it
      return;
    }
    advice = w.get().advice(); // a later estimate knows more of the references
    if (dump.equals(warned)) {
      return;
    }
    warned = dump;
    if (bar != null) {
      bar.finish(); // the bar is drawn again by the next update, below the warning
    }
    err.println(w.get().line());
    err.flush();
  }

  /** What the last warning advised ({@code "-Xmx24g"}, ...), for the out-of-memory message. */
  @Nullable String advice() {
    return advice;
  }

  /**
   * What {@code progress}'s last warning advised, asked when an analysis runs out of memory: null
   * when it is not a forecast ({@code --quiet}) or gave no warning.
   */
  static Supplier<@Nullable String> adviceOf(ProgressListener progress) {
    return () -> progress instanceof MemoryForecast f ? f.advice() : null;
  }

  /** A warning's line, and its advice in a few words. */
  record Warning(String line, String advice) {}

  /**
   * The warning for {@code dump}, of {@code objects} objects and {@code references} references
   * (what they are is {@code known}; ignored while they are not counted, when the estimate is the
   * least the dump can need), analyzed with at most {@code maxHeap} bytes of heap on a machine of
   * {@code machineMemory} bytes (0 if unknown); empty if it should fit.
   */
  static Optional<Warning> warning(
      Path dump,
      long objects,
      long references,
      References known,
      long maxHeap,
      long machineMemory) {
    long needed = HeapAnalyzer.heapNeeded(objects, known == References.UNCOUNTED ? 0 : references);
    if (needed <= maxHeap) {
      return Optional.empty();
    }
    String head =
        switch (known) {
          case UNCOUNTED ->
              String.format(
                  Locale.ROOT,
                  "leakscope: warning: %s has %,d objects; analyzing it takes at least %s of Java"
                      + " heap, more with its references, and this JVM may use %s, so it will"
                      + " likely run out of memory.",
                  dump,
                  objects,
                  sizeUp(needed),
                  sizeDown(maxHeap));
          case AT_MOST ->
              // the null references, left out later, may bring it under the heap: "will likely"
              // only when it stays far over with a fifth of them null (the most measured: 19%)
              String.format(
                  Locale.ROOT,
                  "leakscope: warning: %s has %,d objects and up to %,d references (the null ones"
                      + " are not told apart yet); with all of them, analyzing it takes about %s of"
                      + " Java heap, and this JVM may use %s, so it %s run out of memory.",
                  dump,
                  objects,
                  references,
                  sizeUp(needed),
                  sizeDown(maxHeap),
                  HeapAnalyzer.heapNeeded(objects, references - references / 5) > maxHeap * LIKELY
                      ? "will likely"
                      : "may");
          case COUNTED ->
              String.format(
                  Locale.ROOT,
                  "leakscope: warning: %s has %,d objects and %,d references; analyzing it takes"
                      + " about %s of Java heap, and this JVM may use %s, so it %s run out of"
                      + " memory.",
                  dump,
                  objects,
                  references,
                  sizeUp(needed),
                  sizeDown(maxHeap),
                  needed > maxHeap * LIKELY ? "will likely" : "may");
        };
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
