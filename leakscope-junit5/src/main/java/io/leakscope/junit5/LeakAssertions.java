package io.leakscope.junit5;

import io.leakscope.junit5.internal.ClassHistogram;
import io.leakscope.junit5.internal.GcLoop;
import io.leakscope.junit5.internal.HeapGrowthDetector;
import io.leakscope.junit5.internal.HeapGrowthDetector.Growth;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Assertions that an object can be garbage-collected, and that repeated work does not grow the
 * heap.
 *
 * <p>An object the caller still holds can never be collected, so these assertions take a {@link
 * WeakReference} to it: create the reference, drop (or release) every strong reference of your own,
 * and assert that the reference clears.
 *
 * <pre>{@code
 * Session session = server.open();
 * WeakReference<Session> ref = new WeakReference<>(session);
 * session.close();
 * session = null;                      // drop our own reference
 * LeakAssertions.assertCollectable(ref);
 * }</pre>
 *
 * <p>Each assertion requests garbage collection in a bounded loop (at most 50 rounds and about 5
 * seconds) and returns as soon as the reference clears, usually after the first round. Static
 * methods; thread-safe, but an object that another thread holds meanwhile is reported.
 */
public final class LeakAssertions {

  /** Steady growth below this over a whole {@link #assertNoHeapGrowth} run is tolerated. */
  static final long HEAP_GROWTH_TOLERANCE_BYTES = 64 * 1024;

  /** Histograms taken per run: after the warm-up batch, then after each measured batch. */
  private static final int SAMPLES = 4;

  private LeakAssertions() {}

  /**
   * Asserts that the object behind {@code ref} becomes garbage-collectable.
   *
   * @param ref a weak reference to the object; not null
   * @throws AssertionError if the object is still reachable after the garbage-collection loop; the
   *     message names its class
   * @throws NullPointerException if {@code ref} is null
   */
  public static void assertCollectable(WeakReference<?> ref) {
    Objects.requireNonNull(ref, "ref");
    int rounds = GcLoop.awaitCleared(ref, GcLoop.DEFAULT_ROUNDS, GcLoop.DEFAULT_LIMIT_MILLIS);
    if (rounds < 0) {
      throw new AssertionError(describeReachable(ref));
    }
  }

  /**
   * Runs {@code release} (which should drop the last strong references to the object, for example
   * by closing or unregistering it), then asserts that the object behind {@code ref} becomes
   * garbage-collectable.
   *
   * @param release drops the references; not null. Exceptions it throws propagate unchanged.
   * @param ref a weak reference to the object; not null
   * @throws AssertionError if the object is still reachable after the garbage-collection loop
   * @throws NullPointerException if an argument is null
   */
  public static void assertCollectable(Runnable release, WeakReference<?> ref) {
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(ref, "ref");
    release.run();
    assertCollectable(ref);
  }

  /**
   * Runs {@code body} {@code iterations} times and asserts that the live heap does not grow
   * steadily meanwhile.
   *
   * <p>The runs are split into four equal batches. The first is a warm-up, so caches that fill on
   * first use are not counted. Before the runs, after the warm-up and after each later batch the
   * JVM collects garbage and takes a class histogram (through the HotSpot {@code DiagnosticCommand}
   * MBean, like {@code jcmd GC.class_histogram}). The assertion fails if the live bytes rise after
   * every batch and the classes that never shrank grew by 64 KiB or more in total; choose {@code
   * iterations} so that a leak you care about exceeds that. Each histogram costs a full GC,
   * typically tens to hundreds of milliseconds.
   *
   * <p>The histograms cover the whole JVM: run this sequentially, not alongside other tests.
   *
   * @param iterations how many times to run the body; 4 or more
   * @param body the work to repeat; not null. Exceptions it throws propagate unchanged.
   * @throws AssertionError if the heap grows steadily; the message names the classes that grew and
   *     by how many bytes
   * @throws IllegalArgumentException if {@code iterations} is less than 4
   * @throws NullPointerException if {@code body} is null
   * @throws UnsupportedOperationException if the JVM has no {@code DiagnosticCommand} MBean (not
   *     HotSpot)
   */
  public static void assertNoHeapGrowth(int iterations, Runnable body) {
    Objects.requireNonNull(body, "body");
    if (iterations < SAMPLES) {
      throw new IllegalArgumentException(
          "iterations: " + iterations + " (expected: " + SAMPLES + "+)");
    }
    int batch = iterations / SAMPLES;
    long[] totals = new long[SAMPLES];
    HeapGrowthDetector detector = new HeapGrowthDetector(HEAP_GROWTH_TOLERANCE_BYTES, SAMPLES);
    detector.prime(ClassHistogram.takeAfterFullGc());
    for (int sample = 0; sample < SAMPLES; sample++) {
      // The last batch takes the remainder, so the body runs exactly `iterations` times.
      int runs = sample == SAMPLES - 1 ? iterations - batch * (SAMPLES - 1) : batch;
      for (int i = 0; i < runs; i++) {
        body.run();
      }
      ClassHistogram histogram = ClassHistogram.takeAfterFullGc();
      totals[sample] = histogram.totalBytes();
      detector.record(histogram);
    }
    Optional<List<Growth>> growth = detector.findSteadyGrowth();
    if (growth.isPresent()) {
      throw new AssertionError(describeGrowth(iterations, batch, totals, growth.get()));
    }
  }

  private static String describeGrowth(
      int iterations, int batch, long[] totals, List<Growth> grown) {
    StringBuilder out = new StringBuilder(256 + 96 * grown.size());
    out.append("heap grew steadily while the body ran ")
        .append(iterations)
        .append(" times: live bytes after each batch of about ")
        .append(batch)
        .append(" runs:");
    for (long total : totals) {
      out.append(' ').append(total);
    }
    out.append("\n  classes that grew (live bytes after the warm-up batch -> at the end):\n");
    for (Growth growth : grown) {
      out.append("    ")
          .append(growth.className())
          .append(" +")
          .append(growth.grownBytes())
          .append(" (")
          .append(growth.firstBytes())
          .append(" -> ")
          .append(growth.lastBytes())
          .append(")\n");
    }
    out.append("  Something the body creates stays reachable, for example in a static collection,")
        .append(" a cache or a listener list. Classes with less than 1% of the growth are not")
        .append(" shown.");
    return out.toString();
  }

  private static String describeReachable(WeakReference<?> ref) {
    Object referent = ref.get();
    String name =
        referent == null
            ? "object" // cleared just after the loop gave up
            : referent.getClass().getName()
                + "@"
                + Integer.toHexString(System.identityHashCode(referent));
    return name
        + " is still reachable after "
        + GcLoop.DEFAULT_ROUNDS
        + " garbage collections (or "
        + GcLoop.DEFAULT_LIMIT_MILLIS
        + " ms)\n  Something still holds a strong reference to it, for example a static field or"
        + " collection, a registered listener, a cache, a ThreadLocal or a running thread; a heap"
        + " dump (jcmd <pid> GC.heap_dump) shows the path from a GC root.\n  If the JVM runs with"
        + " -XX:+DisableExplicitGC, System.gc() is ignored and this check can fail spuriously.";
  }
}
