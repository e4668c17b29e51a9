package io.leakscope.cli.it;

import io.leakscope.cli.it.programs.VariedHeapProgram;
import io.leakscope.testing.Jdk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link IdleDumps} of {@link VariedHeapProgram} on one JDK with some JVM options, and the JSON
 * reports of both dumps, made once per test JVM and shared by the classes that check them ({@link
 * HistogramMatchesJcmdTest}, {@link DumpFormatsTest}, {@link TruncatedDumpTest}): each asserts its
 * own oracle on the same real dumps instead of starting the same program and dumping it again.
 * Surefire runs a module's test classes in one JVM; the files stay under {@code
 * target/varied-heap-dumps/} until {@code mvn clean}.
 *
 * @param dumps the plain and gzip dumps of one idle moment, with jcmd's histogram of it
 * @param plain {@code analyze --format json} of the plain dump
 * @param gzip {@code analyze --format json} of the gzip dump
 */
record VariedHeapDumps(IdleDumps dumps, AnalyzedDump plain, AnalyzedDump gzip) {
  private static final Map<String, VariedHeapDumps> MADE = new ConcurrentHashMap<>();

  /** The dumps of the program started on {@code jdk} with {@code options}, made on first use. */
  static VariedHeapDumps of(Jdk jdk, List<String> options) {
    return MADE.computeIfAbsent(jdk.home() + " " + options, key -> make(jdk, options));
  }

  private static VariedHeapDumps make(Jdk jdk, List<String> options) {
    Path dir;
    try {
      Path root = Files.createDirectories(Path.of("target", "varied-heap-dumps"));
      dir = Files.createTempDirectory(root, "jdk" + jdk.feature() + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    IdleDumps dumps;
    try (ChildJvm child = ChildJvm.start(jdk, VariedHeapProgram.class, options)) {
      dumps = IdleDumps.take(child, dir);
    }
    return new VariedHeapDumps(
        dumps,
        AnalyzedDump.analyze(dumps.plainDump(), dir.resolve("plain.json")),
        AnalyzedDump.analyze(dumps.gzipDump(), dir.resolve("gzip.json")));
  }
}
