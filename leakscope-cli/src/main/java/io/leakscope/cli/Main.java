package io.leakscope.cli;

import io.leakscope.analysis.HeapAnalyzer;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Entry point of the {@code leakscope} command. This class is the one place where the command line
 * touches the process's standard output and error streams.
 *
 * <p>Exit codes: {@value #EXIT_OK} success, {@value #EXIT_FAILURE} failure, {@value #EXIT_USAGE}
 * usage error (bad option, missing or unreadable input, unwritable output), {@value #EXIT_BAD_DUMP}
 * malformed heap dump, {@value #EXIT_LEAK} a holder grew past {@code --fail-on-growth}.
 */
public final class Main {
  /** The command did what was asked. */
  public static final int EXIT_OK = 0;

  /** Something other than the user's input went wrong (I/O error, out of memory, a bug). */
  public static final int EXIT_FAILURE = 1;

  /** The command line was wrong: unknown option, bad value, missing or unusable file. */
  public static final int EXIT_USAGE = 2;

  /** The input file is not a well-formed heap dump. */
  public static final int EXIT_BAD_DUMP = 3;

  /**
   * A holder grew past {@code --fail-on-growth} (the leak gate of {@code analyze} and {@code
   * diff}).
   */
  public static final int EXIT_LEAK = 4;

  private Main() {}

  /** Runs the command and exits the JVM with its exit code. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs the command with the process's standard streams and returns its exit code; never calls
   * {@link System#exit}. Reports are written to standard output as UTF-8.
   */
  public static int execute(String... args) {
    PrintWriter out =
        new PrintWriter(
            new BufferedWriter(
                new OutputStreamWriter(
                    new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
                1 << 16));
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    return execute(out, err, args);
  }

  /**
   * Runs the command with the given streams and returns its exit code; never calls {@link
   * System#exit}. Both writers are flushed before returning and neither is closed.
   *
   * @param out receives reports and help
   * @param err receives error messages and the progress bar
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return execute(HeapAnalyzer::analyze, out, err, args);
  }

  /** As {@link #execute(PrintWriter, PrintWriter, String...)}, with another analyzer (tests). */
  static int execute(Analyzer analyzer, PrintWriter out, PrintWriter err, String... args) {
    try {
      return commandLine(analyzer, out, err).execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  static CommandLine commandLine(Analyzer analyzer, PrintWriter out, PrintWriter err) {
    FailureReporter failures = new FailureReporter();
    CommandLine cli = new CommandLine(new LeakscopeCommand());
    cli.addSubcommand("analyze", new AnalyzeCommand(analyzer));
    cli.addSubcommand("diff", new DiffCommand());
    cli.addSubcommand("histogram", new HistogramCommand());
    cli.addSubcommand("watch", new WatchCommand());
    cli.addSubcommand("memory", new MemoryCommand());
    cli.addSubcommand("demo", new DemoCommand(analyzer));
    cli.addSubcommand("redact", new RedactCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(failures);
    cli.setExecutionExceptionHandler(failures);
    return cli;
  }
}
