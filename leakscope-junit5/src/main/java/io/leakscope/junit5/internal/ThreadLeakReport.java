package io.leakscope.junit5.internal;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders leaked threads as a failure message: per thread its name (with a hint when the name is a
 * JDK default that points at the culprit), state, daemon flag and top stack frames.
 *
 * <p>Stateless and thread-safe.
 */
public final class ThreadLeakReport {

  /** Frames shown per thread; enough to reach the user's code through JDK pool/queue frames. */
  static final int MAX_FRAMES = 10;

  private static final Pattern EXECUTOR_THREAD = Pattern.compile("pool-\\d+-thread-\\d+");
  private static final Pattern FORK_JOIN_THREAD = Pattern.compile("ForkJoinPool-\\d+-worker-\\d+");
  private static final Pattern TIMER_THREAD = Pattern.compile("Timer-\\d+");

  private ThreadLeakReport() {}

  /**
   * Returns the failure message for {@code leaked}.
   *
   * @param leaked threads still alive after the test; not empty
   * @param testName the test's display name, e.g. {@code "leaksAThread()"}
   * @param testId the test's unique id
   * @param lingerMillis how long the check waited
   */
  public static String describe(
      List<Thread> leaked, String testName, String testId, long lingerMillis) {
    StringBuilder out = new StringBuilder(256 * leaked.size());
    out.append(leaked.size() == 1 ? "1 thread" : leaked.size() + " threads")
        .append(" started during test ")
        .append(testName)
        .append(leaked.size() == 1 ? " is" : " are")
        .append(" still alive ")
        .append(lingerMillis)
        .append(" ms after it ended\n  test id: ")
        .append(testId)
        .append('\n');
    for (Thread thread : leaked) {
      // State and stack are read separately, so they can disagree for a thread that is moving.
      Thread.State state = thread.getState();
      StackTraceElement[] stack = thread.getStackTrace();
      out.append("\n  \"").append(thread.getName()).append('"');
      String hint = hintFor(thread.getName());
      if (hint != null) {
        out.append(" (").append(hint).append(')');
      }
      out.append("\n      state: ")
          .append(state)
          .append(", daemon: ")
          .append(thread.isDaemon())
          .append('\n');
      int shown = Math.min(stack.length, MAX_FRAMES);
      for (int i = 0; i < shown; i++) {
        out.append("      at ").append(stack[i]).append('\n');
      }
      if (stack.length > shown) {
        out.append("      ... ").append(stack.length - shown).append(" more\n");
      }
    }
    out.append("\nThe leaked threads have been interrupted. If a thread is expected to outlive the")
        .append(" test, add a pattern for its name to @CheckLeaks(ignoreThreads = ...).");
    return out.toString();
  }

  /** Returns what a JDK default thread name says about its owner, or null. */
  static String hintFor(String threadName) {
    if (EXECUTOR_THREAD.matcher(threadName).matches()) {
      return "likely an ExecutorService that was never shut down";
    }
    if (FORK_JOIN_THREAD.matcher(threadName).matches()) {
      return "likely a ForkJoinPool that was never shut down";
    }
    if (TIMER_THREAD.matcher(threadName).matches()) {
      return "likely a java.util.Timer that was never cancelled";
    }
    return null;
  }
}
