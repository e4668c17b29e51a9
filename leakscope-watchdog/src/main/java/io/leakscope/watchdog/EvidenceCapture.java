package io.leakscope.watchdog;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.management.JMException;

/**
 * Writes evidence into one directory: class histograms ({@code histogram-<host>-<time>.txt}),
 * grouped thread dumps ({@code threads-<host>-<time>.txt}) and heap dumps ({@code
 * heap-<host>-<time>.hprof.gz}), each first under a temporary name and renamed when complete, so
 * that a file with the final name is always whole. {@code <host>} is this host's name ({@link
 * HostName}: a Kubernetes pod's name), so that the evidence of many pods on one volume never
 * collides; {@code <time>} is UTC to the millisecond ({@code 20261123T151003.512Z}), with {@code
 * -2}, {@code -3} … added when that name is taken.
 *
 * <p>Histograms come from the {@code com.sun.management:type=DiagnosticCommand} MBean's {@code
 * gcClassHistogram}, the in-process twin of {@code jcmd GC.class_histogram}. Dumps come from its
 * {@code gcHeapDump} with {@code -gz=1} when the MBean offers that operation; JDK 17 to 25 do not
 * (they export {@code GC.heap_dump} to jcmd only), so in practice {@link
 * HotSpotDiagnosticMXBean#dumpHeap} writes an uncompressed {@code .partial.hprof} that is then
 * gzipped at deflate level 1 by streaming (no parsing) and deleted: for a moment the directory
 * holds both. Histograms and dumps hold live objects only, so each runs a full GC first. Histograms
 * are written as {@code jcmd} prints them but with class names in Java-source form ({@code byte[]},
 * see {@link ClassHistogram#readable}). Nothing is analyzed here: analysis runs in another process.
 *
 * <p>Before a dump the {@link EvidenceBudget} is checked against the directory as it is on disk
 * (dumps counted by name, bytes summed, free space of its file store), the time since this object's
 * last dump, and an estimate of the dump's size: by default the heap's current usage, an upper
 * bound of the uncompressed live dump that exists on disk while it is being compressed.
 *
 * <p>Not thread-safe: the watchdog calls it from its one thread.
 */
final class EvidenceCapture {

  /** The time in evidence names: UTC to the millisecond, {@code 20261123T151003.512Z}. */
  static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** What a capture did. */
  sealed interface Outcome permits Captured, Skipped {}

  /** The evidence file was written. */
  record Captured(Path file, long bytes) implements Outcome {}

  /** Nothing was written, for this reason. */
  record Skipped(String reason) implements Outcome {}

  private final Path directory;
  private final EvidenceBudget budget;
  private final Clock clock;
  private final LongSupplier dumpSizeEstimate;
  private final Supplier<String> host;
  private Instant lastDumpAt;

  EvidenceCapture(Path directory, EvidenceBudget budget, Clock clock) {
    this(
        directory,
        budget,
        clock,
        () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
        HostName::current);
  }

  /**
   * @param host this host's name, safe for file names; asked at each capture (never at start: it
   *     may ask the resolver)
   */
  EvidenceCapture(
      Path directory,
      EvidenceBudget budget,
      Clock clock,
      LongSupplier dumpSizeEstimate,
      Supplier<String> host) {
    this.directory = directory;
    this.budget = budget;
    this.clock = clock;
    this.dumpSizeEstimate = dumpSizeEstimate;
    this.host = host;
  }

  /** Writes a class histogram of the live objects; never throws, a failure is a {@link Skipped}. */
  Outcome captureHistogram() {
    if (!JdkManagement.PRESENT) {
      return new Skipped("histogram unavailable: " + JdkManagement.MISSING);
    }
    try {
      return writeText(
          "histogram-", ClassHistogram.readable(DiagnosticCommand.invoke("gcClassHistogram")));
    } catch (IOException | JMException | RuntimeException e) {
      return new Skipped("histogram failed: " + describe(e));
    }
  }

  /**
   * Writes this JVM's threads grouped by identical stack ({@code threads-<time>.txt}, virtual
   * threads included where the JDK can dump them); never throws, a failure is a {@link Skipped}.
   * Not counted against the budget: a few kilobytes per hundred threads.
   */
  Outcome captureThreadDump() {
    try {
      return writeText("threads-", ThreadDumps.ofThisJvm());
    } catch (IOException | RuntimeException e) {
      return new Skipped("thread dump failed: " + describe(e));
    }
  }

  private Captured writeText(String prefix, String text) throws IOException {
    Path file = target(prefix, ".txt");
    Path partial = partialOf(file);
    Files.writeString(partial, text, StandardCharsets.UTF_8);
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    return new Captured(file, Files.size(file));
  }

  /**
   * Writes a heap dump of the live objects unless the budget forbids it; never throws, a refusal or
   * a failure is a {@link Skipped} with the reason.
   */
  Outcome captureHeapDump() {
    return captureHeapDump(clock.instant());
  }

  /**
   * As {@link #captureHeapDump()}, with the time the caller decided to dump: the watchdog passes
   * the time of its check, so that its own spacing of captures and the budget's {@code
   * minTimeBetweenDumps} measure from the same instant (reading the clock again here, after the
   * histogram, made the budget refuse a second dump that the watchdog had just found due).
   */
  Outcome captureHeapDump(Instant now) {
    if (!JdkManagement.PRESENT) {
      return new Skipped("heap dump unavailable: " + JdkManagement.MISSING);
    }
    try {
      Optional<String> violation =
          budget.findViolation(
              countDumps(),
              usedBytes(),
              Files.getFileStore(directory).getUsableSpace(),
              dumpSizeEstimate.getAsLong(),
              lastDumpAt == null ? null : Duration.between(lastDumpAt, now));
      if (violation.isPresent()) {
        return new Skipped(violation.get());
      }
      Path file = dump();
      lastDumpAt = now;
      return new Captured(file, Files.size(file));
    } catch (IOException | JMException | RuntimeException e) {
      return new Skipped("heap dump failed: " + describe(e));
    }
  }

  private Path dump() throws IOException, JMException {
    Path file = target("heap-", ".hprof.gz");
    Path partial = partialOf(file);
    if (DiagnosticCommand.has("gcHeapDump")) {
      String output;
      try {
        output =
            DiagnosticCommand.invoke(
                "gcHeapDump", new String[] {"-gz=1", partial.toAbsolutePath().toString()});
      } catch (JMException | RuntimeException e) {
        Files.deleteIfExists(partial);
        throw e;
      }
      // GC.heap_dump reports a failure (a full disk half-way, say) in its output, not by throwing;
      // the file it leaves is cut short and must never be taken for evidence.
      if (!output.contains("Heap dump file created")
          || !Files.isRegularFile(partial)
          || Files.size(partial) == 0) {
        Files.deleteIfExists(partial);
        throw new IOException("GC.heap_dump failed: " + output.strip());
      }
    } else {
      // dumpHeap insists on the .hprof extension and cannot compress, so dump then gzip.
      Path raw = file.resolveSibling(file.getFileName() + ".partial.hprof");
      try {
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
            .dumpHeap(raw.toAbsolutePath().toString(), true);
        gzip(raw, partial);
      } finally {
        Files.deleteIfExists(raw);
      }
    }
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  private static void gzip(Path from, Path to) throws IOException {
    try (InputStream in = Files.newInputStream(from);
        OutputStream out = new FastGzipOutputStream(Files.newOutputStream(to))) {
      in.transferTo(out);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(to);
      throw e;
    }
  }

  int countDumps() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return (int)
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("heap-") && (n.endsWith(".hprof.gz") || isPlainDump(n)))
              .count();
    }
  }

  /** The exception and its causes: JMX wraps the telling one. */
  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(e.toString());
    for (Throwable c = e.getCause(); c != null && text.length() < 1000; c = c.getCause()) {
      text.append("; caused by ").append(c);
    }
    return text.toString();
  }

  private static boolean isPlainDump(String name) {
    return name.endsWith(".hprof") && !name.endsWith(".partial.hprof");
  }

  long usedBytes() throws IOException {
    long sum = 0;
    try (Stream<Path> files = Files.list(directory)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p)) {
          sum += Files.size(p);
        }
      }
    }
    return sum;
  }

  private Path target(String prefix, String suffix) {
    String base = prefix + host.get() + "-" + STAMP.format(clock.instant());
    Path file = directory.resolve(base + suffix);
    for (int i = 2; Files.exists(file) || Files.exists(partialOf(file)); i++) {
      file = directory.resolve(base + "-" + i + suffix);
    }
    return file;
  }

  private static Path partialOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".partial");
  }
}
