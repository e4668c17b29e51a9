package io.leakscope.analysis.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.leakscope.analysis.AnalysisOptions;
import io.leakscope.analysis.HeapAnalyzer;
import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.HtmlReportWriter;
import io.leakscope.analysis.report.JsonReportWriter;
import io.leakscope.analysis.report.TextReportWriter;
import io.leakscope.hprof.ProgressListener;
import java.io.IOException;
import java.io.StringWriter;

/**
 * The whole analysis (index, dominators, retained sizes, suspects, inspections) and every report
 * renderer over arbitrary records after a valid header. Seeds: {@code HeapAnalyzerFuzzTestInputs/}.
 */
class HeapAnalyzerFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void analysisFailsOnlyWithFormatException(byte[] records) throws IOException {
    FuzzInput.expectOnlyFormatErrors(
        () -> {
          AnalysisReport report =
              HeapAnalyzer.analyze(
                  FuzzInput.write(FuzzInput.HEADER, records),
                  new AnalysisOptions(5),
                  ProgressListener.NONE);
          render(report);
        });
  }

  private static void render(AnalysisReport report) throws IOException {
    new TextReportWriter().write(report, new StringWriter());
    new JsonReportWriter().write(report, new StringWriter());
    new HtmlReportWriter().write(report, new StringWriter());
  }
}
