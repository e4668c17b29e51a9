package io.leakscope.benchmarks;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs one tool's work in the current JVM and prints its {@link RunResult} line: wall time from the
 * start of the work, and {@code VmHWM} read at the end, so the peak RSS covers everything the JVM
 * did up to that point, JVM start-up included.
 *
 * <p>Each runner is meant to be the only thing in its JVM; see {@link Compare}.
 */
final class MeasuredRun {

  /** The work of one tool. */
  @FunctionalInterface
  interface Work {
    /**
     * Analyzes the dump.
     *
     * @param dump the HPROF file
     * @param extra receives tool-specific result fields, such as {@code objects}
     * @return {@code "ok"} or another status word
     * @throws Exception anything the tool throws; reported as {@code status=error}
     */
    String run(File dump, Map<String, Object> extra) throws Exception;
  }

  private MeasuredRun() {}

  /**
   * Runs {@code work} on the dump named by {@code args[0]}, prints the result line and exits with 0
   * for status {@code ok}, 1 otherwise.
   */
  static void main(String tool, String[] args, Work work) {
    if (args.length != 1) {
      System.err.println("usage: " + tool + " DUMP.hprof");
      System.exit(2);
    }
    File dump = new File(args[0]);
    Map<String, Object> extra = new LinkedHashMap<>();
    long start = System.nanoTime();
    String status;
    try {
      status = work.run(dump, extra);
    } catch (OutOfMemoryError e) {
      extra.clear();
      status = "oom";
      System.err.println(tool + ": " + e);
    } catch (Throwable e) {
      status = "error";
      extra.put("error", e.getClass().getSimpleName());
      e.printStackTrace();
    }
    long wallMillis = (System.nanoTime() - start) / 1_000_000;
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("tool", tool);
    fields.put("status", status);
    fields.put("wallMillis", wallMillis);
    fields.put("peakRssKb", PeakRss.selfKb());
    fields.put("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
    fields.putAll(extra);
    System.out.println(RunResult.format(fields));
    System.out.flush();
    System.exit(status.equals("ok") ? 0 : 1);
  }
}
