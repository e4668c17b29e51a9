package io.leakscope.analysis;

import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.hprof.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;

/** Analyzes one heap dump into an {@link AnalysisReport}. */
public final class HeapAnalyzer {
  private HeapAnalyzer() {}

  /**
   * Reads {@code dump} (plain or gzip HPROF), builds the index and computes histogram, dominators,
   * retained sizes and paths from GC roots.
   *
   * @throws io.leakscope.hprof.HprofFormatException if the dump is malformed
   * @throws IOException if the file cannot be read
   * @throws java.util.concurrent.CancellationException if {@code progress} cancelled the work
   */
  public static AnalysisReport analyze(Path dump, AnalysisOptions options, ProgressListener progress)
      throws IOException {
    throw new UnsupportedOperationException("not yet implemented"); // being written now
  }
}
