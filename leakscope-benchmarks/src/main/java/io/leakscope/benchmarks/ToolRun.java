package io.leakscope.benchmarks;

import java.util.Optional;

/**
 * One tool's row of the comparison: what its runner reported, or what could be seen from outside
 * when it reported nothing.
 *
 * @param tool {@code leakscope}, {@code netbeans} or {@code shark}
 * @param status {@code ok}, {@code timeout}, {@code oom}, {@code crashed}, or a runner's own status
 *     such as {@code unavailable}
 * @param wallMillis the runner's own wall time of the work, or the process's when it reported none
 * @param processMillis from starting the child JVM to its exit
 * @param peakRssKb the runner's {@code VmHWM}, or the highest sampled from outside when it reported
 *     none; -1 if unknown
 * @param rssSampled whether {@code peakRssKb} comes from outside sampling (a lower bound)
 * @param objects objects the tool counted; -1 if unknown
 * @param result the runner's result line, if it printed one
 */
record ToolRun(
    String tool,
    String status,
    long wallMillis,
    long processMillis,
    long peakRssKb,
    boolean rssSampled,
    long objects,
    Optional<RunResult> result) {

  /** Reads a finished child's outcome. */
  static ToolRun of(String tool, ChildJvm.Outcome outcome) {
    Optional<RunResult> result = RunResult.findIn(outcome.stdout());
    if (result.isPresent() && !outcome.timedOut()) {
      RunResult r = result.get();
      long rss = r.getLong("peakRssKb");
      return new ToolRun(
          tool,
          r.get("status"),
          r.getLong("wallMillis"),
          outcome.wallMillis(),
          rss > 0 ? rss : outcome.sampledPeakRssKb(),
          rss <= 0,
          r.getLong("objects"),
          result);
    }
    String status;
    if (outcome.timedOut()) {
      status = "timeout";
    } else if (outcome.stderr().contains("OutOfMemoryError")) {
      status = "oom";
    } else {
      status = "crashed(exit=" + outcome.exitCode() + ")";
    }
    return new ToolRun(
        tool,
        status,
        outcome.wallMillis(),
        outcome.wallMillis(),
        outcome.sampledPeakRssKb(),
        true,
        -1,
        result);
  }

  boolean ok() {
    return status.equals("ok");
  }
}
