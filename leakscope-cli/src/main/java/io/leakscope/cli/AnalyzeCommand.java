package io.leakscope.cli;

import io.leakscope.analysis.AnalysisOptions;
import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.hprof.HprofFormatException;
import io.leakscope.hprof.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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

/** {@code leakscope analyze DUMP}: one heap dump in, one report out. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Analyzes a heap dump: class histogram, biggest objects by retained size with their paths"
          + " from GC roots, and leak suspects.",
      "Sizes in the text report are binary (1 KB = 1024 bytes).",
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 failure, 2 usage error, 3 malformed heap dump, 4 a holder grew"
          + " past --fail-on-growth.",
      "Big dumps need a big heap: set LEAKSCOPE_JAVA_OPTS=-Xmx<size> for the launcher."
    })
final class AnalyzeCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "DUMP",
      description = "The heap dump: HPROF, plain or gzip-compressed (.hprof, .hprof.gz).")
  Path dump;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      converter = ReportFormat.Converter.class,
      completionCandidates = ReportFormat.Names.class,
      description =
          "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). html is one"
              + " self-contained page to open in a browser (it loads nothing from the network);"
              + " give it a file name with --output.")
  ReportFormat format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description =
          "Write the report to FILE instead of standard output. FILE is replaced only once the"
              + " report is complete.")
  Path output;

  @Option(
      names = {"-n", "--top"},
      paramLabel = "N",
      defaultValue = "20",
      description = "How many of the biggest objects to report (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(
      names = {"-b", "--baseline"},
      paramLabel = "OLDER_DUMP",
      description =
          "An older dump of the same service; repeat for more. Suspects are then ranked by how"
              + " much they grew, and a holder that grew in every dump comes first.")
  List<Path> baselines = new ArrayList<>();

  @Option(
      names = "--library-package",
      paramLabel = "PREFIX",
      description =
          "Treat classes under PREFIX (e.g. com.acme.platform) as library internals, like the"
              + " JDK's and well-known libraries' (Guava, Caffeine, Micrometer, Spring, Netty, …):"
              + " suspects are named by the nearest field of the application itself. Repeat for"
              + " more.")
  List<String> libraryPackages = new ArrayList<>();

  @Option(
      names = "--lenient",
      description =
          "Analyze a truncated dump (cut off by a full disk, or a JVM killed while dumping) up to"
              + " its last complete record instead of rejecting it. The report says where the dump"
              + " ends and that objects after the cut are missing. Damaged dumps are still"
              + " rejected.")
  boolean lenient;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bar or other messages; errors are still reported.")
  boolean quiet;

  @Mixin GrowthGate gate = new GrowthGate();

  @Mixin SummaryCache summaries = new SummaryCache();

  @Spec CommandSpec spec;

  private final Analyzer analyzer;

  AnalyzeCommand(Analyzer analyzer) {
    this.analyzer = analyzer;
  }

  @Override
  public Integer call() throws IOException {
    validate();
    PrintWriter err = spec.commandLine().getErr();
    ProgressBar bar = !quiet && Terminal.isInteractive() ? new ProgressBar(err) : null;
    if (!quiet) {
      // the dumps are analyzed one after the other: the biggest one parks the most
      List<Path> all = new ArrayList<>(baselines);
      all.add(dump);
      TemporarySpace.check(all).ifPresent(err::println);
      err.flush();
    }
    AnalysisReport report =
        analyze(quiet ? ProgressListener.NONE : MemoryForecast.forThisJvm(bar, err), bar);
    if (output == null) {
      PrintWriter out = spec.commandLine().getOut();
      format.write(report, out);
      out.flush();
    } else {
      AtomicFileWriter.write(output, w -> format.write(report, w));
      if (bar != null) {
        err.println("leakscope: wrote " + format.optionValue() + " report to " + output);
      }
    }
    return gate.apply(report.suspects(), report.dump(), err);
  }

  private AnalysisReport analyze(ProgressListener progress, ProgressBar bar) throws IOException {
    return AnalysisFailures.run(
        () ->
            analyzer.analyze(
                dump,
                new AnalysisOptions(top, baselines, lenient, libraryPackages, summaries.resolve()),
                progress),
        this::badDump,
        "analyzing " + dump,
        bar,
        MemoryForecast.adviceOf(progress));
  }

  /**
   * The one line for a malformed or truncated dump, naming the file that failed: the error's {@link
   * HprofFormatException#dump()}, or DUMP if it names none.
   */
  private String badDump(HprofFormatException e) {
    Path failed = e.dump() == null ? dump : e.dump();
    if (!failed.equals(dump)) {
      return "bad baseline dump "
          + failed
          + ": "
          + e.getMessage()
          + (e.truncated()
              ? "; the dump is truncated at offset 0x"
                  + Long.toHexString(e.dumpEnd())
                  + ", and --lenient does not apply to baselines"
              : "");
    }
    return "bad heap dump "
        + dump
        + ": "
        + e.getMessage()
        + AnalysisFailures.lenientHint(e, lenient, "analyze");
  }

  /** Problems the user can fix by changing the command line: exit code 2. */
  private void validate() {
    if (top < 1) {
      throw usage("--top: " + top + " (expected: 1+)");
    }
    if (!Files.exists(dump)) {
      throw usage("heap dump " + dump + " does not exist");
    }
    for (Path baseline : baselines) {
      if (!Files.isRegularFile(baseline)) {
        throw usage("baseline dump " + baseline + " does not exist or is not a file");
      }
    }
    if (Files.isDirectory(dump)) {
      throw usage("heap dump " + dump + " is a directory, not a file");
    }
    if (!Files.isReadable(dump)) {
      throw usage("heap dump " + dump + " is not readable (permission denied)");
    }
    if (output != null) {
      validateOutput();
    }
    String gateProblem = gate.problem(!baselines.isEmpty());
    if (gateProblem != null) {
      throw usage(gateProblem);
    }
  }

  private void validateOutput() {
    if (Files.isDirectory(output)) {
      throw usage("--output: " + output + " is a directory");
    }
    Path dir = output.toAbsolutePath().getParent();
    String missing = ReportOutput.missingDirectory(dir);
    if (missing != null) {
      throw usage("--output: " + missing);
    }
    if (!Files.isWritable(dir)) {
      throw usage("--output: directory " + dir + " is not writable");
    }
    try {
      if (Files.exists(output) && Files.isSameFile(output, dump)) {
        throw usage("--output: " + output + " is the heap dump itself");
      }
    } catch (IOException e) {
      // cannot tell; the write itself will report a real problem
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
