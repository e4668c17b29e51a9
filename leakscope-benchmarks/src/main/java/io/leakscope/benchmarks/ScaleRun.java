package io.leakscope.benchmarks;

import io.leakscope.testing.hprof.ScaleDump;
import io.leakscope.watchdog.json.JsonReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A dump of any size, to the end of its analysis: writes a generated dump whose right answers
 * follow from its construction ({@link ScaleDump}), analyzes it as {@code ./leakscope analyze} does
 * (the launcher's JVM options, {@link Compare#LAUNCHER_JVM_OPTIONS}), and prints one Markdown
 * table: wall time, peak RSS, anonymous and file-backed memory at the highest sample, the most
 * temporary disk used at once, and each answer against the report's. With the defaults the dump is
 * 34.2 GB (556M objects), bigger than the 24 GB development machine.
 *
 * <p>Usage: {@code ScaleRun [--sessions N] [--payload BYTES] [--fanout N] [--stable N] [--views N]
 * [--work DIR] [--keep]}; defaults 278,000,000 sessions of 56 bytes, fan-out 1,000, 1,000 stable
 * entries, no views, {@code bench-work}. Views make many references of few objects: {@code
 * --sessions 20000000 --payload 0 --views 108} is a dump of 20M objects and 2.18 billion
 * references, past the 2^31 − 9 targets of one array. The dump is deleted at the end unless {@code
 * --keep}. Exit code 0 when every answer matches, 1 otherwise.
 *
 * <p>Temporary disk is the drop of the usable space of the file system of {@code java.io.tmpdir}
 * while the analysis runs (its files are deleted as they are made, so they cannot be listed): other
 * writers on that file system count too.
 */
public final class ScaleRun {
  private ScaleRun() {}

  /** What was sampled while the analysis ran. */
  static final class Samples {
    long rssKb = -1;
    long anonKb = -1;
    long fileKb = -1;
    long diskBytes;
  }

  public static void main(String[] args) throws Exception {
    CommandOptions options =
        new CommandOptions(
            args,
            Set.of("--sessions", "--payload", "--fanout", "--stable", "--views", "--work"),
            Set.of("--keep"));
    ScaleDump.Shape shape =
        ScaleDump.Shape.of(
            options.getLong("--sessions", 278_000_000L, 1),
            Math.toIntExact(options.getLong("--payload", 56, 0)),
            Math.toIntExact(options.getLong("--fanout", 1000, 2)),
            Math.toIntExact(options.getLong("--stable", 1000, 0)),
            Math.toIntExact(options.getLong("--views", 0, 0)));
    Path work = Files.createDirectories(Path.of(options.get("--work", "bench-work")));
    Path dump = work.resolve("scale-" + shape.sessions() + ".hprof");
    Path report = work.resolve("scale-" + shape.sessions() + ".json");
    boolean matches;
    try {
      matches = run(shape, dump, report, System.out, System.err);
    } finally {
      if (!options.has("--keep")) {
        Files.deleteIfExists(dump);
      }
    }
    System.exit(matches ? 0 : 1);
  }

  /**
   * Writes the dump, analyzes it and prints the table to {@code out}.
   *
   * @return whether every answer matches
   */
  static boolean run(
      ScaleDump.Shape shape, Path dump, Path report, PrintStream out, PrintStream log)
      throws IOException, InterruptedException {
    long objects = shape.answers().instanceObjects();
    log.printf(Locale.ROOT, "writing %s: %,d objects%n", dump, objects);
    long start = System.nanoTime();
    ScaleDump.Answers answers;
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(dump), 1 << 16)) {
      long step = Math.max(1, objects / 10);
      answers =
          ScaleDump.write(
              shape,
              file,
              System.currentTimeMillis(),
              n -> {
                if (n % step < 1_000_000) {
                  log.printf(Locale.ROOT, "  %,d objects written%n", n);
                }
              });
    }
    double writeSeconds = (System.nanoTime() - start) / 1e9;
    long dumpBytes = Files.size(dump);

    FileStore temp = Files.getFileStore(Path.of(System.getProperty("java.io.tmpdir")));
    long usableBefore = temp.getUsableSpace();
    Samples samples = new Samples();
    List<String> jvmOptions = new ArrayList<>();
    jvmOptions.add(Compare.LAUNCHER_DEFAULT_HEAP);
    jvmOptions.addAll(Compare.LAUNCHER_JVM_OPTIONS);
    ChildJvm child =
        new ChildJvm(
                "leakscope",
                Path.of(System.getProperty("java.home"), "bin", "java"),
                jvmOptions,
                System.getProperty("java.class.path"),
                "io.leakscope.cli.Main",
                List.of("analyze", dump.toString(), "--format", "json", "-o", report.toString()))
            .timeout(Duration.ofHours(4))
            .echoTo(log)
            .onSample(status -> sample(status, temp, usableBefore, samples));
    log.printf(Locale.ROOT, "analyzing: %s%n", String.join(" ", child.command()));
    ChildJvm.Outcome outcome = child.run();
    long rssKb;
    long anonKb;
    long fileKb;
    long diskBytes;
    synchronized (samples) { // the sampling thread may still be finishing its last sample
      rssKb = samples.rssKb;
      anonKb = samples.anonKb;
      fileKb = samples.fileKb;
      diskBytes = samples.diskBytes;
    }
    if (outcome.exitCode() != 0) {
      out.printf(
          Locale.ROOT,
          "analysis failed: exit code %d%s%n%s",
          outcome.exitCode(),
          outcome.timedOut() ? " (timed out)" : "",
          outcome.stderr());
      return false;
    }

    Map<String, String[]> checks =
        checks(answers, objects, JsonReader.parse(Files.readString(report)));
    boolean matches = checks.values().stream().allMatch(c -> c[0].equals(c[1]));
    double mib = 1024.0;
    out.printf(Locale.ROOT, "| | |%n|---|---:|%n");
    out.printf(
        Locale.ROOT,
        "| dump | %,d bytes, %,d objects, %,d references, written in %.1f s |%n",
        dumpBytes,
        objects,
        shape.references(),
        writeSeconds);
    out.printf(Locale.ROOT, "| wall time | %.1f s |%n", outcome.wallMillis() / 1000.0);
    long peakKb = outcome.sampledPeakRssKb();
    out.printf(
        Locale.ROOT,
        "| peak RSS | %,.0f MiB (%.2f of the dump, %.1f B/object) |%n",
        peakKb / mib,
        peakKb * 1024.0 / dumpBytes,
        peakKb * 1024.0 / objects);
    out.printf(
        Locale.ROOT,
        "| at the highest sample | %,.0f MiB: %,.0f anonymous, %,.0f file-backed |%n",
        rssKb / mib,
        anonKb / mib,
        fileKb / mib);
    out.printf(
        Locale.ROOT,
        "| temporary disk, most at once | %.2f GB (%.1f B/object) |%n",
        diskBytes / 1e9,
        (double) diskBytes / objects);
    out.printf(Locale.ROOT, "%n| answer | report | construction |%n|---|---:|---:|%n");
    checks.forEach((name, c) -> out.printf(Locale.ROOT, "| %s | %s | %s |%n", name, c[0], c[1]));
    out.printf(Locale.ROOT, "%nevery answer matches: %s%n", matches ? "yes" : "no");
    return matches;
  }

  /** Each answer: {what the report says, what the construction says}. */
  static Map<String, String[]> checks(ScaleDump.Answers answers, long objects, Object report) {
    Map<String, String[]> checks = new LinkedHashMap<>();
    // the dump's classes are objects too, beside the instances
    checks.put(
        "objects",
        pair(number(report, "dump", "objects"), objects + number(report, "dump", "classes")));
    for (Map.Entry<String, Long> e : answers.instances().entrySet()) {
      Object row = histogramRow(report, e.getKey());
      checks.put(e.getKey() + " instances", pair(number(row, "instances"), e.getValue()));
      checks.put(
          e.getKey() + " shallow bytes",
          pair(number(row, "shallowBytes"), answers.shallowBytes().get(e.getKey())));
    }
    Object suspects = field(report, "suspects");
    Object suspect = suspects instanceof List<?> l && !l.isEmpty() ? l.get(0) : Map.of();
    checks.put(
        "first suspect",
        new String[] {
          field(suspect, "holder") + " / " + field(suspect, "accumulatedClass"),
          "scale.Registry.SESSIONS / scale.Session"
        });
    checks.put(
        "its instances",
        pair(number(suspect, "instances"), answers.instances().get("scale.Session")));
    checks.put(
        "its retained bytes",
        pair(number(suspect, "retainedBytes"), answers.sessionsRetainedBytes()));
    return checks;
  }

  private static Object histogramRow(Object report, String className) {
    if (field(report, "histogram") instanceof List<?> rows) {
      for (Object row : rows) {
        if (className.equals(field(row, "className"))) {
          return row;
        }
      }
    }
    return Map.of();
  }

  /** The value at {@code path} in a parsed JSON object, or null where there is none. */
  private static Object field(Object node, String... path) {
    Object at = node;
    for (String key : path) {
      at = at instanceof Map<?, ?> m ? m.get(key) : null;
    }
    return at;
  }

  /** The number at {@code path}, or -1 where there is none. */
  private static long number(Object node, String... path) {
    return field(node, path) instanceof Number n ? n.longValue() : -1;
  }

  private static String[] pair(long report, long construction) {
    return new String[] {
      String.format(Locale.ROOT, "%,d", report), String.format(Locale.ROOT, "%,d", construction)
    };
  }

  /** One sample: the child's memory at its highest RSS so far, and the temporary disk used. */
  private static void sample(
      Map<String, Long> status, FileStore temp, long usableBefore, Samples samples) {
    long rss = status.getOrDefault("VmRSS", -1L);
    synchronized (samples) {
      if (rss > samples.rssKb) {
        samples.rssKb = rss;
        samples.anonKb = status.getOrDefault("RssAnon", -1L);
        samples.fileKb = status.getOrDefault("RssFile", -1L);
      }
      try {
        samples.diskBytes = Math.max(samples.diskBytes, usableBefore - temp.getUsableSpace());
      } catch (IOException e) {
        // the file system went away: the figure keeps what was seen
      }
    }
  }
}
