package io.leakscope.cli;

import io.leakscope.analysis.AnalysisOptions;
import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.hprof.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The analysis the {@code analyze} command runs: {@code HeapAnalyzer::analyze}, or a stand-in in
 * tests of the command line itself.
 */
@FunctionalInterface
interface Analyzer {
  /** See {@link io.leakscope.analysis.HeapAnalyzer#analyze}. */
  AnalysisReport analyze(Path dump, AnalysisOptions options, ProgressListener progress)
      throws IOException;
}
