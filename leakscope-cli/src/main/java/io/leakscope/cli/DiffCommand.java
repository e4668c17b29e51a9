package io.leakscope.cli;

import io.leakscope.analysis.HeapAnalyzer;
import io.leakscope.analysis.report.DiffReport;
import io.leakscope.analysis.report.JsonReportWriter;
import io.leakscope.analysis.report.TextReportWriter;
import io.leakscope.hprof.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leakscope diff OLD NEW}: what grew between two dumps of the same service. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Compares two heap dumps of the same service, taken some time apart: the holders whose"
          + " retained size grew (with their paths from GC roots), then the classes that changed"
          + " most (instances and shallow bytes; every class in the JSON).",
      "For a ranked report of the newest dump use: analyze NEW --baseline OLD.",
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 failure, 2 usage error, 3 malformed heap dump, 4 a holder grew"
          + " past --fail-on-growth.",
      "Both dumps are analyzed one after the other; memory is that of the bigger one."
    })
final class DiffCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "OLD",
      description = "The older heap dump (HPROF, plain or gzip).")
  Path older;

  @Parameters(
      index = "1",
      paramLabel = "NEW",
      description = "The newer heap dump of the same service.")
  Path newer;

  @Mixin ReportOutput output = new ReportOutput();

  @Option(
      names = "--library-package",
      paramLabel = "PREFIX",
      description =
          "Treat classes under PREFIX as library internals (as analyze does): holders are named by"
              + " the nearest field of the application itself. Repeat for more.")
  List<String> libraryPackages = new ArrayList<>();

  @Mixin GrowthGate gate = new GrowthGate();

  @Mixin SummaryCache summaries = new SummaryCache();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    boolean json = validate();
    PrintWriter err = spec.commandLine().getErr();
    ProgressBar bar = output.progressBar(spec);
    DiffReport report =
        diff(output.quiet ? ProgressListener.NONE : MemoryForecast.forThisJvm(bar, err), bar);
    AtomicFileWriter.Content content =
        w -> {
          if (json) {
            new JsonReportWriter().write(report, w);
          } else {
            new TextReportWriter().write(report, w);
          }
        };
    output.write(content, spec, bar, (json ? "json" : "text") + " diff");
    return gate.apply(report.growingHolders(), report.newer(), err);
  }

  private DiffReport diff(ProgressListener progress, ProgressBar bar) throws IOException {
    return AnalysisFailures.run(
        () -> HeapAnalyzer.diff(older, newer, libraryPackages, summaries.resolve(), progress),
        // the analyzer names the dump that failed, OLD or NEW, as the user gave it
        e -> "bad heap dump" + (e.dump() == null ? "" : " " + e.dump()) + ": " + e.getMessage(),
        "comparing the dumps",
        bar,
        MemoryForecast.adviceOf(progress));
  }

  /** Problems the user can fix on the command line (exit code 2); returns whether JSON is asked. */
  private boolean validate() {
    boolean json = output.json(this::usage);
    for (Path dump : new Path[] {older, newer}) {
      ReportOutput.readableDump(dump, this::usage);
    }
    String gateProblem = gate.problem(true);
    if (gateProblem != null) {
      throw usage(gateProblem);
    }
    return json;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
