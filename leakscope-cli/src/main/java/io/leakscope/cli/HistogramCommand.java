package io.leakscope.cli;

import io.leakscope.analysis.HeapAnalyzer;
import io.leakscope.analysis.report.HistogramReport;
import io.leakscope.analysis.report.JsonReportWriter;
import io.leakscope.analysis.report.TextReportWriter;
import io.leakscope.hprof.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leakscope histogram DUMP}: instances and shallow bytes per class, in one pass. */
@Command(
    name = "histogram",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Counts a heap dump's objects by class in one pass that keeps nothing per object: the class"
          + " histogram (instances and shallow bytes, as jcmd GC.class_histogram prints them) of a"
          + " dump of any size and object count, in memory that does not grow with the dump.",
      "Every object counts, reachable or not; there are no retained sizes, suspects or paths,"
          + " which need the object graph: use analyze for those. For a dump of more than"
          + " 2,147,483,631 objects, the most analyze holds, this is what leakscope reads.",
    },
    footer = {"", "Exit codes: 0 success, 1 failure, 2 usage error, 3 malformed heap dump."})
final class HistogramCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "DUMP",
      description = "The heap dump: HPROF, plain or gzip-compressed (.hprof, .hprof.gz).")
  Path dump;

  @Option(
      names = {"-n", "--top"},
      paramLabel = "N",
      description = "Show only the N biggest classes in the text report (default: all).")
  Integer top;

  @Option(
      names = "--lenient",
      description =
          "Count a truncated dump (cut off by a full disk, or a JVM killed while dumping) up to its"
              + " last complete record instead of rejecting it; it takes one more pass to find"
              + " where the dump ends. The report says where. Damaged dumps are still rejected.")
  boolean lenient;

  @Mixin ReportOutput report = new ReportOutput();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    boolean json = validate();
    ProgressBar bar = report.progressBar(spec);
    HistogramReport histogram =
        AnalysisFailures.run(
            () -> HeapAnalyzer.histogram(dump, bar == null ? ProgressListener.NONE : bar, lenient),
            e ->
                "bad heap dump "
                    + dump
                    + ": "
                    + e.getMessage()
                    + AnalysisFailures.lenientHint(e, lenient, "count"),
            "counting " + dump,
            bar);
    AtomicFileWriter.Content content =
        w -> {
          if (json) {
            new JsonReportWriter().write(histogram, w);
          } else {
            new TextReportWriter(top == null ? Integer.MAX_VALUE : top).write(histogram, w);
          }
        };
    report.write(content, spec, bar, (json ? "json" : "text") + " histogram");
    return Main.EXIT_OK;
  }

  /** Problems the user can fix on the command line (exit code 2); returns whether JSON is asked. */
  private boolean validate() {
    boolean json = report.json(this::usage);
    if (top != null && top < 1) {
      throw usage("--top: " + top + " (expected: 1+)");
    }
    ReportOutput.readableDump(dump, this::usage);
    return json;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
