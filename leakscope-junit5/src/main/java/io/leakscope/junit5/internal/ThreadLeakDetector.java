package io.leakscope.junit5.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Finds threads that appeared after a baseline and are still alive after a lingering wait.
 *
 * <p>Design note: live threads are listed by enumerating the root {@link ThreadGroup}, which needs
 * no {@code --add-opens}, no agent, and no stack walk; {@link Thread#getAllStackTraces()} would
 * bring every thread to a safepoint to capture stacks we mostly throw away. Cost per snapshot is
 * one {@code Thread[]} and an identity set of the live threads (a few KB for a few hundred
 * threads). Stacks are captured only for threads that are reported. Virtual threads are not
 * enumerated by the JDK and so are not checked.
 *
 * <p>The lingering wait does not sleep: it joins one remaining thread for at most {@link
 * #POLL_MILLIS}, so it returns as soon as the last new thread ends, and re-enumerates on every
 * round so that threads started by the leaked threads themselves are seen too.
 *
 * <p>Not thread-safe; one instance per test, used by the thread that runs the test.
 */
public final class ThreadLeakDetector {

  /** How often the lingering wait re-checks, in milliseconds. */
  static final long POLL_MILLIS = 10;

  private final Set<Thread> baseline;
  private final ThreadFilter filter;

  private ThreadLeakDetector(Set<Thread> baseline, ThreadFilter filter) {
    this.baseline = baseline;
    this.filter = filter;
  }

  /**
   * Records the threads alive now as the baseline.
   *
   * @param filter threads that are never reported; not null
   */
  public static ThreadLeakDetector startingNow(ThreadFilter filter) {
    Set<Thread> baseline = Collections.newSetFromMap(new IdentityHashMap<>());
    baseline.addAll(Arrays.asList(liveThreads()));
    return new ThreadLeakDetector(baseline, filter);
  }

  /**
   * Waits up to {@code lingerMillis} for every thread started since the baseline (and not ignored)
   * to end, and returns those still alive then, in start order where the JDK reports it. Returns at
   * once with an empty list when there are none. The caller's interrupt status is preserved and
   * does not cut the wait short.
   */
  public List<Thread> awaitNewThreadsEnded(long lingerMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lingerMillis);
    boolean interrupted = Thread.interrupted();
    try {
      List<Thread> remaining = newThreads();
      while (!remaining.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return remaining;
        }
        try {
          long pollMillis = Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(left));
          remaining.get(0).join(Math.max(1, pollMillis));
        } catch (InterruptedException e) {
          // A test that interrupts its own runner (e.g. a timeout) still gets its leak check.
          interrupted = true;
        }
        remaining = newThreads();
      }
      return remaining;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private List<Thread> newThreads() {
    Thread self = Thread.currentThread();
    List<Thread> found = new ArrayList<>();
    for (Thread thread : liveThreads()) {
      if (thread != self && !baseline.contains(thread) && !filter.ignores(thread)) {
        found.add(thread);
      }
    }
    return found;
  }

  private static Thread[] liveThreads() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    // activeCount is an estimate; grow until enumerate leaves room, so no thread is cut off.
    Thread[] threads = new Thread[root.activeCount() + 8];
    int count;
    while ((count = root.enumerate(threads, true)) == threads.length) {
      threads = new Thread[threads.length * 2];
    }
    return Arrays.copyOf(threads, count);
  }
}
