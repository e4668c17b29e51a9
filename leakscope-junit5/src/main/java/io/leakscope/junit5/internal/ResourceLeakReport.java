package io.leakscope.junit5.internal;

import java.util.List;

/**
 * Renders unclosed tracked resources as a failure message: per resource its description, whether it
 * is still open or was garbage-collected open, and where it was created.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResourceLeakReport {

  /** Creation frames shown per resource, after leakscope's own frames are dropped. */
  static final int MAX_FRAMES = 12;

  private ResourceLeakReport() {}

  /**
   * Returns the failure message for {@code unclosed}.
   *
   * @param unclosed resources tracked during the test and not closed; not empty
   * @param testName the test's display name
   * @param testId the test's unique id
   */
  public static String describe(List<TrackedResource> unclosed, String testName, String testId) {
    StringBuilder out = new StringBuilder(512 * unclosed.size());
    out.append(unclosed.size() == 1 ? "1 resource" : unclosed.size() + " resources")
        .append(" tracked during test ")
        .append(testName)
        .append(unclosed.size() == 1 ? " was" : " were")
        .append(" not closed\n  test id: ")
        .append(testId)
        .append('\n');
    for (TrackedResource record : unclosed) {
      out.append("\n  ")
          .append(record.description())
          .append(
              record.wasCollectedOpen()
                  ? " (garbage-collected without being closed)"
                  : " (still open)")
          .append(", created\n");
      StackTraceElement[] stack = record.creation().getStackTrace();
      int first = 0;
      while (first < stack.length && isOwnFrame(stack[first])) {
        first++;
      }
      int shown = Math.min(stack.length - first, MAX_FRAMES);
      for (int i = first; i < first + shown; i++) {
        out.append("      at ").append(stack[i]).append('\n');
      }
      if (stack.length - first > shown) {
        out.append("      ... ").append(stack.length - first - shown).append(" more\n");
      }
    }
    out.append("\nClose each resource and call LeakTracker.closed(resource) when it is closed.");
    return out.toString();
  }

  /** Frames of {@code LeakTracker} and the registry, which sit on top of every creation stack. */
  private static boolean isOwnFrame(StackTraceElement frame) {
    String type = frame.getClassName();
    return type.equals("io.leakscope.junit5.LeakTracker")
        || type.startsWith("io.leakscope.junit5.internal.");
  }
}
