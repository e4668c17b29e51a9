package io.leakscope.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates a heap dump of a chosen size: starts {@link HeapWorkload} in a child JVM, which builds
 * about the requested number of objects and then dumps its live heap with {@code
 * HotSpotDiagnosticMXBean.dumpHeap(path, true)}, or, with {@code --gzip}, is dumped from outside
 * with {@code jcmd PID GC.heap_dump -gz=1 PATH}.
 *
 * <p>Usage: {@code DumpGenerator [--output PATH] [--objects N] [--gzip] [--java PATH] [--xmx SIZE]
 * [--mix service|strings]}. Defaults: 30,000,000 objects (a dump of about 1.4 GB), output {@code
 * bench-work/heap-OBJECTS.hprof[.gz]}, the child heap sized from the object count.
 */
public final class DumpGenerator {

  /** The default object count, that of the acceptance benchmark. */
  public static final long DEFAULT_OBJECTS = 30_000_000L;

  private static final Pattern WORKLOAD_OBJECTS = Pattern.compile("WORKLOAD objects=(\\d+)");

  /**
   * What was generated.
   *
   * @param path the dump file
   * @param bytes its size on disk
   * @param workloadObjects objects the workload allocated and kept; the dump also holds the JDK's
   *     own few tens of thousands
   * @param millis time to build and dump, child JVM start included
   */
  public record Dump(Path path, long bytes, long workloadObjects, long millis) {}

  private DumpGenerator() {}

  /**
   * Command-line entry point.
   *
   * @param args see the class comment
   * @throws Exception if the child fails or the dump is not written
   */
  public static void main(String[] args) throws Exception {
    CommandOptions options =
        new CommandOptions(
            args, Set.of("--output", "--objects", "--java", "--xmx", "--mix"), Set.of("--gzip"));
    long objects = options.getLong("--objects", DEFAULT_OBJECTS, 1);
    boolean gzip = options.has("--gzip");
    Path output =
        Path.of(
            options.get("--output", defaultPath(Path.of("bench-work"), objects, gzip).toString()));
    Dump dump =
        generate(
            options.java(),
            output,
            objects,
            gzip,
            options.get("--xmx", defaultXmx(objects)),
            options.get("--mix", "service"),
            System.out);
    System.out.printf(
        "dump %s: %,d bytes (%.2f GB), about %,d objects (%,d from the workload plus the JDK's"
            + " own), %.1f s%n",
        dump.path(),
        dump.bytes(),
        dump.bytes() / 1e9,
        dump.workloadObjects(),
        dump.workloadObjects(),
        dump.millis() / 1000.0);
  }

  /** {@code DIR/heap-OBJECTS.hprof}, with {@code .gz} when compressed. */
  static Path defaultPath(Path dir, long objects, boolean gzip) {
    return dir.resolve("heap-" + objects + ".hprof" + (gzip ? ".gz" : ""));
  }

  /**
   * A child heap that holds the workload with room to spare: about 30 bytes per live object with
   * compressed oops, plus the big arrays, about tripled; at least 256 MB.
   */
  static String defaultXmx(long objects) {
    long mb = Math.max(256, objects * 100 / (1 << 20) + 256);
    return mb + "m";
  }

  /**
   * Generates a dump. An existing file at {@code output} is replaced.
   *
   * @param java the {@code java} executable of the JDK to dump with
   * @param output the dump path; its directory is created
   * @param objects about how many objects the workload keeps alive
   * @param gzip dump compressed through {@code jcmd} instead of uncompressed through the MXBean
   * @param xmx the child's {@code -Xmx} value, e.g. {@code 4g}
   * @param log receives the child's output; null for none
   * @return what was generated
   * @throws IOException if the child fails or no dump is written
   * @throws InterruptedException if interrupted while waiting for the child
   */
  public static Dump generate(
      Path java, Path output, long objects, boolean gzip, String xmx, PrintStream log)
      throws IOException, InterruptedException {
    return generate(java, output, objects, gzip, xmx, "service", log);
  }

  /**
   * As {@link #generate(Path, Path, long, boolean, String, PrintStream)}, with the workload's mix:
   * {@code service} (the default) or {@code strings} (many duplicate strings; see {@link
   * HeapWorkload}).
   */
  public static Dump generate(
      Path java, Path output, long objects, boolean gzip, String xmx, String mix, PrintStream log)
      throws IOException, InterruptedException {
    Path absolute = output.toAbsolutePath();
    if (absolute.getParent() != null) {
      Files.createDirectories(absolute.getParent());
    }
    Files.deleteIfExists(absolute);
    List<String> args =
        gzip
            ? List.of(Long.toString(objects), "--wait", "--mix", mix)
            : List.of(Long.toString(objects), "--dump", absolute.toString(), "--mix", mix);
    ChildJvm child =
        new ChildJvm(
                "workload",
                java,
                List.of("-Xmx" + xmx, "-Xms" + xmx, "-XX:+UseParallelGC"),
                System.getProperty("java.class.path"),
                HeapWorkload.class,
                args)
            .timeout(Duration.ofMinutes(30))
            .echoTo(log);
    if (gzip) {
      Path jcmd = java.resolveSibling("jcmd");
      child.onLine(
          (line, process) -> {
            if (line.equals("READY")) {
              jcmdHeapDump(jcmd, process.pid(), absolute, log);
              try (OutputStream stdin = process.getOutputStream()) {
                stdin.write("dumped\n".getBytes(StandardCharsets.UTF_8));
              }
            }
          });
    }
    ChildJvm.Outcome outcome = child.run();
    if (outcome.exitCode() != 0 || !Files.isRegularFile(absolute)) {
      throw new IOException(
          "heap workload failed (exit code "
              + outcome.exitCode()
              + (outcome.timedOut() ? ", timed out" : "")
              + ") and wrote no dump at "
              + absolute
              + ":\n"
              + outcome.stderr());
    }
    Matcher matcher = WORKLOAD_OBJECTS.matcher(outcome.stdout());
    long workloadObjects = matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    return new Dump(absolute, Files.size(absolute), workloadObjects, outcome.wallMillis());
  }

  private static void jcmdHeapDump(Path jcmd, long pid, Path output, PrintStream log)
      throws IOException {
    Process process =
        new ProcessBuilder(
                jcmd.toString(), Long.toString(pid), "GC.heap_dump", "-gz=1", output.toString())
            .redirectErrorStream(true)
            .start();
    String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IOException("jcmd GC.heap_dump failed: " + text);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for jcmd", e);
    }
    if (log != null) {
      log.print("[jcmd] " + text);
    }
  }
}
