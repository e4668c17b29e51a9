package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;

/**
 * A plain and a gzip heap dump of a program taken while it was idle, with the {@code jcmd} class
 * histograms taken just before and just after them, which agree.
 *
 * @param histogram the class histogram of the moment of the dumps (before and after agree)
 * @param plainDump {@code GC.heap_dump} of that moment
 * @param gzipDump {@code GC.heap_dump -gz=1} of that moment
 */
record IdleDumps(ClassHistogram histogram, Path plainDump, Path gzipDump) {
  /**
   * Takes histogram, plain dump, gzip dump, histogram; if the histograms differ the program was not
   * idle, and the sequence is taken once more before the test fails with the differences.
   */
  static IdleDumps take(ChildJvm child, Path directory) {
    List<HistogramDiff.Line> differences = List.of();
    for (int attempt = 1; attempt <= 2; attempt++) {
      ClassHistogram before = child.settledClassHistogram();
      Path plain = child.heapDump(directory.resolve("attempt" + attempt + ".hprof"), false);
      Path gzip = child.heapDump(directory.resolve("attempt" + attempt + ".hprof.gz"), true);
      ClassHistogram after = child.classHistogram();
      differences = HistogramDiff.compareExactly(before, after);
      if (differences.isEmpty()) {
        return new IdleDumps(after, plain, gzip);
      }
    }
    return fail(
        "%s was not idle: jcmd class histograms before and after the dumps differ twice:%n%s",
        child, HistogramDiff.table("before", "after", differences));
  }
}
