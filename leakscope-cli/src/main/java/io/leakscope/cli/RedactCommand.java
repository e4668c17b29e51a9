package io.leakscope.cli;

import io.leakscope.analysis.report.TextReportWriter;
import io.leakscope.hprof.HprofRedactor;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.hprof.RedactionReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leakscope redact IN OUT}: a copy of a heap dump that can be shared. */
@Command(
    name = "redact",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Writes a copy of a heap dump that can be shared: array contents zeroed, structure kept.",
      "Zeroes the contents of every primitive array (the characters of every String, char[] and"
          + " byte[], the numbers in int[], long[] …), the cached hash codes of strings and map"
          + " keys, and the symbols that name nothing in the dump (string literals of the code)."
          + " Class, field and method names, references, counts and sizes are kept, so the copy"
          + " analyzes to the same histogram, biggest objects and leak suspects.",
    },
    footer = {"", "Exit codes: 0 success, 1 failure, 2 usage error, 3 malformed heap dump."})
final class RedactCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "IN",
      description = "The heap dump: HPROF, plain or gzip-compressed (.hprof, .hprof.gz).")
  Path input;

  @Parameters(
      index = "1",
      paramLabel = "OUT",
      description =
          "The redacted copy: gzip-compressed if the name ends in .gz, plain HPROF otherwise."
              + " Written only once complete.")
  Path output;

  @Option(names = "--force", description = "Replace OUT if it exists.")
  boolean force;

  @Option(
      names = "--fields",
      description =
          "Also zero the values of primitive fields (instance and static), except the four the"
              + " analysis reads: String.coder, ArrayList.size, Vector.elementCount,"
              + " Buffer.capacity.")
  boolean fields;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bar and no summary; errors are still reported.")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    validate();
    PrintWriter err = spec.commandLine().getErr();
    ProgressBar bar = !quiet && Terminal.isInteractive() ? new ProgressBar(err) : null;
    boolean gzip = output.getFileName().toString().endsWith(".gz");
    HprofRedactor.Options options = new HprofRedactor.Options(fields, gzip);
    RedactionReport[] report = new RedactionReport[1];
    try {
      AnalysisFailures.run(
          () -> {
            AtomicFileWriter.writeBytes(
                output,
                force,
                out ->
                    report[0] =
                        HprofRedactor.redact(
                            input, out, options, bar == null ? ProgressListener.NONE : bar));
            return null;
          },
          e -> "bad heap dump " + input + ": " + e.getMessage(),
          "redacting " + input,
          bar);
    } catch (FileAlreadyExistsException e) {
      throw new CommandFailure(
          Main.EXIT_USAGE, output + " appeared while redacting; not replaced (use --force)", e);
    }
    if (!quiet) {
      PrintWriter out = spec.commandLine().getOut();
      summarize(report[0], gzip, Files.size(output), out);
      out.flush();
    }
    return Main.EXIT_OK;
  }

  private void summarize(RedactionReport r, boolean gzip, long outputBytes, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "Redacted %s -> %s (%s%s)%n",
        input,
        output,
        TextReportWriter.bytes(outputBytes),
        gzip
            ? ", gzip; " + TextReportWriter.bytes(r.dumpBytes()) + " uncompressed"
            : ", the same length as the dump");
    out.printf(
        Locale.ROOT,
        "  zeroed the contents of %,d primitive arrays, %s:%n",
        r.arrayCount(),
        TextReportWriter.bytes(r.arrayBytes()));
    for (RedactionReport.ArrayTotal t : r.arrays()) {
      out.printf(
          Locale.ROOT,
          "    %-9s %,12d arrays %12s%n",
          t.elementType() + "[]",
          t.count(),
          TextReportWriter.bytes(t.bytes()));
    }
    out.printf(
        Locale.ROOT,
        "  zeroed %,d cached hash codes (String.hash, HashMap$Node.hash and the like)%n",
        r.hashFields());
    out.printf(
        Locale.ROOT,
        "  zeroed %,d symbols that name nothing in the dump (string literals of loaded classes,"
            + " names made at run time)%n",
        r.unreferencedNames());
    if (fields) {
      out.printf(
          Locale.ROOT,
          "  zeroed %,d primitive instance fields and %,d primitive static fields%n",
          r.primitiveFields(),
          r.staticFields());
    }
    if (r.instancesNotInspected() > 0) {
      out.printf(
          Locale.ROOT,
          "  warning: %,d objects came before their class in the dump; their fields were copied"
              + " unchanged (their arrays are zeroed)%n",
          r.instancesNotInspected());
    }
    out.println(
        "  kept: class, field, method and file names, references, object ids, counts and sizes"
            + (fields ? "" : ", primitive field values (zero them with --fields)"));
  }

  /** Problems the user can fix by changing the command line: exit code 2. */
  private void validate() {
    if (!Files.exists(input)) {
      throw usage("heap dump " + input + " does not exist");
    }
    if (Files.isDirectory(input)) {
      throw usage("heap dump " + input + " is a directory, not a file");
    }
    if (!Files.isReadable(input)) {
      throw usage("heap dump " + input + " is not readable (permission denied)");
    }
    if (Files.isDirectory(output)) {
      throw usage("OUT " + output + " is a directory");
    }
    if (isSameFile(input, output)) {
      throw usage("OUT " + output + " is the heap dump itself (IN); give another file");
    }
    Path dir = output.toAbsolutePath().getParent();
    String missing = ReportOutput.missingDirectory(dir);
    if (missing != null) {
      throw usage("OUT: " + missing);
    }
    if (!Files.isWritable(dir)) {
      throw usage("OUT: directory " + dir + " is not writable");
    }
    if (!force && Files.exists(output)) {
      throw usage("OUT " + output + " exists (use --force to replace it)");
    }
  }

  private static boolean isSameFile(Path a, Path b) {
    if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
      return true;
    }
    try {
      return Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false; // cannot tell; the write itself reports a real problem
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
