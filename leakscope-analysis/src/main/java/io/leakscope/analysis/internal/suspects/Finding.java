package io.leakscope.analysis.internal.suspects;

import io.leakscope.analysis.report.NativeMemory;
import java.util.List;

/**
 * A leak suspect as found, before paths from GC roots are known: the finders run while the
 * dominator tree is in memory, the path search after it is freed.
 *
 * @param kind one of the {@code Suspect.KIND_…} constants
 * @param target the object whose path from a GC root is reported (and names the holder)
 * @param holder the holder when the finder knows it, or null to name it from the path
 * @param title one line; {@code {holder}} and {@code {percent}} are filled in
 * @param explanation for a person; {@code {holder}} and {@code {percent}} are filled in
 * @param nativeMemory what the holder retains outside the heap (direct and mapped buffers)
 */
public record Finding(
    String kind,
    int target,
    String holder,
    String accumulatedClass,
    long instances,
    long retained,
    List<String> threads,
    List<String> stack,
    String title,
    String explanation,
    NativeMemory nativeMemory) {

  /** A finding that retains nothing outside the heap. */
  public Finding(
      String kind,
      int target,
      String holder,
      String accumulatedClass,
      long instances,
      long retained,
      List<String> threads,
      List<String> stack,
      String title,
      String explanation) {
    this(
        kind,
        target,
        holder,
        accumulatedClass,
        instances,
        retained,
        threads,
        stack,
        title,
        explanation,
        NativeMemory.NONE);
  }

  /** This finding with {@code bytes} more that it keeps alive, and a sentence that says what. */
  public Finding keeping(long bytes, String sentence) {
    return new Finding(
        kind,
        target,
        holder,
        accumulatedClass,
        instances,
        retained + bytes,
        threads,
        stack,
        title,
        explanation + sentence,
        nativeMemory);
  }

  /** This finding with another explanation. */
  public Finding explained(String explanation) {
    return with(threads, stack, explanation, nativeMemory);
  }

  /** This finding with what its holder retains outside the heap. */
  public Finding withNativeMemory(NativeMemory memory) {
    return with(threads, stack, explanation, memory);
  }

  /**
   * This accumulation with the threads of a blocked-threads finding whose stacks hold it too (a
   * worker stuck in front of its executor's queue): their names and stack, and a sentence that says
   * where they wait. That they may be stuck is said only when their stack runs the application's
   * code: a library's own thread (OkHttp's task runner, a pool's housekeeper) waits in the library
   * for its next task, and a dump does not tell a wait that ends from one that does not.
   */
  public Finding heldAlsoBy(Finding waiting, ApplicationPackages packages) {
    int n = waiting.threads().size();
    String where = waiting.holder().replaceFirst("^threads waiting in ", "");
    boolean application =
        waiting.stack().stream().anyMatch(frame -> packages.isApplication(frameClass(frame)));
    String also =
        " "
            + (n == 1 ? "The thread " : "The threads ")
            + String.join(", ", waiting.threads().subList(0, Math.min(3, n)))
            + (n > 3 ? " and " + (n - 3) + " more" : "")
            + (n == 1 ? ", which also holds it, is" : ", which also hold it, are")
            + " waiting in "
            + where
            + (!application
                ? (n == 1 ? ", a thread of the library's own" : ", threads of the library's own")
                    + " (no frame of the application on "
                    + (n == 1 ? "its stack)." : "their stack).")
                : n == 1
                    ? ": if it is what should drain it, it is stuck there."
                    : ": if they are what should drain it, they are stuck there.");
    return with(waiting.threads(), waiting.stack(), explanation + also, nativeMemory);
  }

  /**
   * This finding with another's threads added, its bytes, and a sentence: the threads of the same
   * owners found in two groups (a JDK {@code HttpClient}'s selector thread and its pool of workers,
   * both numbered by the client).
   */
  public Finding joining(Finding other, String sentence) {
    List<String> all = new java.util.ArrayList<>(threads);
    all.addAll(other.threads());
    Finding more = keeping(other.retained(), sentence);
    return more.with(all, stack, more.explanation(), nativeMemory);
  }

  /** The class of a stack frame as the dump writes it: {@code pkg.Class.method(File.java:12)}. */
  public static String frameClass(String frame) {
    int paren = frame.indexOf('(');
    String method = paren < 0 ? frame : frame.substring(0, paren);
    int dot = method.lastIndexOf('.');
    return dot < 0 ? method : method.substring(0, dot);
  }

  /** This finding with other threads, stack, explanation and native memory. */
  private Finding with(
      List<String> threads, List<String> stack, String explanation, NativeMemory memory) {
    return new Finding(
        kind,
        target,
        holder,
        accumulatedClass,
        instances,
        retained,
        threads,
        stack,
        title,
        explanation,
        memory);
  }

  /** Heap retained plus native memory of direct buffers: what ranks findings. */
  long memoryBytes() {
    return retained + nativeMemory.directBytes();
  }

  static String fill(String template, String holder, String percent) {
    return LeakSuspectFinder.lookAt(template, holder)
        .replace("{holder}", holder)
        .replace("{percent}", percent);
  }
}
