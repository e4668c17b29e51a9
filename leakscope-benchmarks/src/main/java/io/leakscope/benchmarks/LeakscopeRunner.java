package io.leakscope.benchmarks;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code leakscope analyze DUMP --format json --output TMP --quiet} in this JVM through the
 * CLI's entry point {@code io.leakscope.cli.Main.execute(String...)}: parse, histogram, dominator
 * tree with retained sizes of every object, top dominators, paths to GC roots and leak suspects,
 * and the JSON report.
 *
 * <p>The CLI is looked up by reflection so this module compiles while the CLI does not exist or
 * does not build. Statuses besides {@code ok}: {@code unavailable} (CLI not on the class path),
 * {@code unsupported} (it threw {@link UnsupportedOperationException}), {@code failed} (non-zero
 * exit code, in {@code exitCode}).
 *
 * <p>Usage: {@code LeakscopeRunner DUMP.hprof}; prints one {@link RunResult} line with {@code
 * tool=leakscope}.
 */
public final class LeakscopeRunner {

  private static final String MAIN_CLASS = "io.leakscope.cli.Main";
  private static final Pattern OBJECTS = Pattern.compile("\"objects\"\\s*:\\s*(\\d+)");
  private static final Pattern TOTAL = Pattern.compile("\"totalMillis\"\\s*:\\s*(\\d+)");
  private static final Pattern SUSPECTS = Pattern.compile("\"suspectMillis\"\\s*:\\s*(\\d+)");
  private static final Pattern INSPECTIONS = Pattern.compile("\"inspectionMillis\"\\s*:\\s*(\\d+)");

  private LeakscopeRunner() {}

  private static long number(Pattern pattern, String json) {
    Matcher matcher = pattern.matcher(json);
    return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
  }

  /**
   * Entry point of the child JVM.
   *
   * @param args the dump path
   */
  public static void main(String[] args) {
    MeasuredRun.main("leakscope", args, LeakscopeRunner::analyze);
  }

  /**
   * {@code leakscope histogram DUMP --format json --output TMP --quiet}, the one-pass class census,
   * run the same way: the task NetBeans' {@code histogramMillis} measures (open the dump and count
   * every class's instances and bytes). Prints a {@link RunResult} line with {@code
   * tool=leakscope-histogram}.
   */
  public static final class Histogram {
    private Histogram() {}

    /**
     * Entry point of the child JVM.
     *
     * @param args the dump path
     */
    public static void main(String[] args) {
      MeasuredRun.main("leakscope-histogram", args, (dump, extra) -> run("histogram", dump, extra));
    }
  }

  /**
   * Runs the analysis and fills in {@code objects} from the report's {@code dump.objects}.
   *
   * @param dump the HPROF file
   * @param extra receives result fields
   * @return the status word
   * @throws Exception what the CLI throws, other than {@link UnsupportedOperationException}
   */
  static String analyze(File dump, Map<String, Object> extra) throws Exception {
    return run("analyze", dump, extra);
  }

  /** Runs the CLI's {@code command} on {@code dump} with a JSON report, as {@link #analyze}. */
  private static String run(String command, File dump, Map<String, Object> extra) throws Exception {
    Method execute;
    try {
      execute = Class.forName(MAIN_CLASS).getMethod("execute", String[].class);
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      extra.put("reason", MAIN_CLASS + ".execute(String...)_not_on_class_path");
      return "unavailable";
    }
    Path report = Files.createTempFile("leakscope-bench-", ".json");
    try {
      String[] cliArgs = {
        command, dump.getPath(), "--format", "json", "--output", report.toString(), "--quiet"
      };
      int exitCode;
      try {
        exitCode = (Integer) execute.invoke(null, (Object) cliArgs);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof UnsupportedOperationException) {
          extra.put("reason", e.getCause().getMessage());
          return "unsupported";
        }
        Throwable cause = e.getCause();
        if (cause instanceof Error error) {
          throw error; // an OutOfMemoryError is reported as status=oom
        }
        throw cause instanceof Exception exception ? exception : e;
      }
      extra.put("exitCode", exitCode);
      if (exitCode != 0) {
        return "failed";
      }
      extra.put("reportBytes", Files.size(report));
      String json = Files.readString(report, StandardCharsets.UTF_8);
      extra.put("objects", number(OBJECTS, json));
      // the share of the analysis spent on suspects and on inspections, as the report measured it
      long total = number(TOTAL, json);
      long suspects = number(SUSPECTS, json);
      long inspections = number(INSPECTIONS, json);
      extra.put("suspectMillis", suspects);
      extra.put("inspectionMillis", inspections);
      if (total > suspects + inspections && suspects >= 0) {
        extra.put(
            "suspectPercentOfRest",
            Math.round(100.0 * suspects / (total - suspects - inspections)));
        extra.put(
            "inspectionPercentOfRest",
            Math.round(100.0 * inspections / (total - suspects - inspections)));
      }
      return "ok";
    } finally {
      Files.deleteIfExists(report);
    }
  }
}
