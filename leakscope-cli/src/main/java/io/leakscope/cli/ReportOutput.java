package io.leakscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of the commands with a text or JSON report ({@code diff}, {@code histogram}) — its
 * format, where it goes, and whether to show progress — their checks, and how the report is
 * written: to standard output, or to a file replaced only once the report is complete. A picocli
 * mixin.
 */
final class ReportOutput {
  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "Report format: text or json (default: ${DEFAULT-VALUE}).")
  String format = "text";

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the report to FILE instead of standard output (replaced once complete).")
  @Nullable Path output;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bar or other messages; errors are still reported.")
  boolean quiet;

  /**
   * Whether JSON is asked for ({@code text} or {@code json}, in any case), once the format and the
   * output are checked.
   *
   * @throws ParameterException for another format, or an output in no directory
   */
  boolean json(Function<String, ParameterException> usage) {
    String f = format.strip().toLowerCase(Locale.ROOT);
    if (!f.equals("text") && !f.equals("json")) {
      throw usage.apply("--format: '" + format + "' (expected: text or json)");
    }
    if (output != null) {
      Path dir = output.toAbsolutePath().getParent();
      if (Files.isDirectory(output)) {
        throw usage.apply("--output: " + output + " is a directory");
      }
      String missing = missingDirectory(dir);
      if (missing != null) {
        throw usage.apply("--output: " + missing);
      }
    }
    return f.equals("json");
  }

  /** The progress bar on standard error, unless quiet or not on a terminal. */
  @Nullable ProgressBar progressBar(CommandSpec spec) {
    return !quiet && Terminal.isInteractive() ? new ProgressBar(spec.commandLine().getErr()) : null;
  }

  /**
   * What is wrong with {@code dir} as the directory of an output file ({@code "directory /x does
   * not exist"}, {@code "/x is a file, not a directory"}), or null if it is a directory.
   */
  static @Nullable String missingDirectory(Path dir) {
    if (Files.isDirectory(dir)) {
      return null;
    }
    return Files.exists(dir)
        ? dir + " is a file, not a directory"
        : "directory " + dir + " does not exist";
  }

  /**
   * Checks that {@code dump} is a readable file.
   *
   * @throws ParameterException if it is not
   */
  static void readableDump(Path dump, Function<String, ParameterException> usage) {
    if (!Files.isRegularFile(dump)) {
      throw usage.apply(
          "heap dump "
              + dump
              + (Files.isDirectory(dump) ? " is a directory, not a file" : " does not exist"));
    }
    if (!Files.isReadable(dump)) {
      throw usage.apply("heap dump " + dump + " is not readable (permission denied)");
    }
  }

  /**
   * Writes {@code content} to standard output, or to the output file once complete, saying so on
   * standard error when there is a progress bar ({@code what}: "json diff").
   */
  void write(
      AtomicFileWriter.Content content, CommandSpec spec, @Nullable ProgressBar bar, String what)
      throws IOException {
    if (output == null) {
      Writer out = spec.commandLine().getOut();
      content.writeTo(out);
      out.flush();
    } else {
      AtomicFileWriter.write(output, content);
      if (bar != null) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("leakscope: wrote " + what + " to " + output);
      }
    }
  }
}
