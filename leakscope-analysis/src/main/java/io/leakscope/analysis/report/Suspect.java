package io.leakscope.analysis.report;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A leak suspect: the field that keeps an accumulation of objects alive.
 *
 * @param rank 1 for the most likely leak
 * @param title one line for a person
 * @param holder the field that holds the accumulation: {@code Class.field} for a static field,
 *     {@code DeclaringClass.field} for an instance field; for data held by threads, the {@code
 *     ThreadLocal}'s static field or {@code thread <name> local}
 * @param accumulatedClass class of the objects that accumulate
 * @param instances how many of them
 * @param retainedBytes bytes retained by the holder
 * @param growthBytes growth since the oldest baseline, or null without baselines
 * @param pathFromGcRoot path from a GC root to the holder, root first
 * @param explanation what to look at, for a person
 * @param kind what sort of leak: one of the {@code KIND_…} constants
 * @param retainedSeries with baselines, the retained bytes in each dump, oldest first and this dump
 *     last (0 where a dump did not list the holder: it held less than that dump's threshold, 1% of
 *     its heap); empty without baselines
 * @param threads names of the threads that hold the data (thread-local and blocked-thread
 *     suspects), or the leaked pools' threads, oldest pool first (by the first number in their
 *     names: thread-pools suspects; a baseline summary keeps the first and the last), otherwise
 *     empty
 * @param stackTrace for blocked threads, the stack of the first of them, innermost frame first;
 *     otherwise empty
 * @param parts the accumulations folded into this suspect because one holder keeps them all (the
 *     segments of a cache, the maps of a registry), biggest first; empty when there is one
 * @param trend with baselines, how the holder's retained size moved: {@link #TREND_GROWING}, {@link
 *     #TREND_PLATEAU}, {@link #TREND_REPLACED}, {@link #TREND_FLUCTUATING} or {@link
 *     #TREND_STABLE}; null without baselines
 * @param nativeMemory memory outside the heap that the holder retains: the direct buffers (and,
 *     apart, mapped buffers) in its retained set; {@link NativeMemory#NONE} when there are none
 * @param nativeSeries with baselines, the direct buffers' bytes the holder retained in each dump,
 *     oldest first and this dump last; empty without baselines or when it never retained any
 * @param elementSample for an accumulation, the smallest distinct fingerprints of its elements (a
 *     hash of the Strings, boxed integers and UUIDs each references), ascending: what a later dump
 *     of the same process compares to tell a holder that keeps its elements from one that replaces
 *     them; empty when the elements are too many or have nothing that identifies them
 * @param bound for an accumulation whose elements are the entries of a bounded cache (a maximum
 *     size or weight), its bound and fill; null when they are not
 */
public record Suspect(
    int rank,
    String title,
    String holder,
    String accumulatedClass,
    long instances,
    long retainedBytes,
    @Nullable Long growthBytes,
    List<String> pathFromGcRoot,
    String explanation,
    String kind,
    List<Long> retainedSeries,
    List<String> threads,
    List<String> stackTrace,
    List<SuspectPart> parts,
    @Nullable String trend,
    NativeMemory nativeMemory,
    List<Long> nativeSeries,
    List<Long> elementSample,
    @Nullable Bound bound) {

  /** It grew significantly at the last step, or at every step: a leak in progress. */
  public static final String TREND_GROWING = "growing";

  /** It grew significantly, then stopped: a cache that warmed up, a pool at its size. */
  public static final String TREND_PLATEAU = "plateau";

  /**
   * It grew, but the elements of the oldest dump are gone from the newest: a window over time (a
   * session store swept of idle sessions, a cache with expiry) that holds more while the traffic is
   * higher, not a leak.
   */
  public static final String TREND_REPLACED = "replaced";

  /**
   * It grew, but its elements are the entries of a cache with a bound it has not reached, and that
   * fits the heap: a cache warming up, which stops at its bound; not a leak.
   */
  public static final String TREND_FILLING = "filling";

  /** It went up and down significantly: a buffer that fills and empties, not a leak. */
  public static final String TREND_FLUCTUATING = "fluctuating";

  /** No significant change. */
  public static final String TREND_STABLE = "stable";

  /** Objects accumulating under one field, usually in a collection. */
  public static final String KIND_ACCUMULATION = "accumulation";

  /** Values of one {@code ThreadLocal} summed over the threads that hold one. */
  public static final String KIND_THREAD_LOCAL = "thread-local";

  /** Threads parked at the same place, with what their stacks hold. */
  public static final String KIND_BLOCKED_THREADS = "blocked-threads";

  /** Class loaders kept alive after their classes were loaded again by a newer loader. */
  public static final String KIND_CLASS_LOADER = "class-loader";

  /**
   * Thread pools made per job and never shut down: {@code instances} counts the pools, the holder
   * is {@code thread pools <name pattern>}.
   */
  public static final String KIND_THREAD_POOLS = "thread-pools";

  /**
   * Direct buffers whose native memory one holder keeps alive, while the heap they take is small:
   * {@code instances} counts the buffers that own their memory.
   */
  public static final String KIND_NATIVE_MEMORY = "native-memory";

  public Suspect {
    pathFromGcRoot = PathSteps.fold(pathFromGcRoot);
    retainedSeries = List.copyOf(retainedSeries);
    threads = List.copyOf(threads);
    stackTrace = List.copyOf(stackTrace);
    parts = List.copyOf(parts);
    nativeSeries = List.copyOf(nativeSeries);
    elementSample = List.copyOf(elementSample);
  }

  /** A suspect whose elements are not a bounded cache's entries. */
  public Suspect(
      int rank,
      String title,
      String holder,
      String accumulatedClass,
      long instances,
      long retainedBytes,
      @Nullable Long growthBytes,
      List<String> pathFromGcRoot,
      String explanation,
      String kind,
      List<Long> retainedSeries,
      List<String> threads,
      List<String> stackTrace,
      List<SuspectPart> parts,
      @Nullable String trend,
      NativeMemory nativeMemory,
      List<Long> nativeSeries,
      List<Long> elementSample) {
    this(
        rank,
        title,
        holder,
        accumulatedClass,
        instances,
        retainedBytes,
        growthBytes,
        pathFromGcRoot,
        explanation,
        kind,
        retainedSeries,
        threads,
        stackTrace,
        parts,
        trend,
        nativeMemory,
        nativeSeries,
        elementSample,
        null);
  }

  /** A suspect without a sample of its elements. */
  public Suspect(
      int rank,
      String title,
      String holder,
      String accumulatedClass,
      long instances,
      long retainedBytes,
      @Nullable Long growthBytes,
      List<String> pathFromGcRoot,
      String explanation,
      String kind,
      List<Long> retainedSeries,
      List<String> threads,
      List<String> stackTrace,
      List<SuspectPart> parts,
      @Nullable String trend,
      NativeMemory nativeMemory,
      List<Long> nativeSeries) {
    this(
        rank,
        title,
        holder,
        accumulatedClass,
        instances,
        retainedBytes,
        growthBytes,
        pathFromGcRoot,
        explanation,
        kind,
        retainedSeries,
        threads,
        stackTrace,
        parts,
        trend,
        nativeMemory,
        nativeSeries,
        List.of());
  }

  /** This suspect with {@code sample} as its {@link #elementSample}. */
  public Suspect withElementSample(List<Long> sample) {
    return copy(
        rank, title, growthBytes, retainedSeries, explanation, trend, nativeSeries, sample, bound);
  }

  /** This suspect with {@code b} as its {@link #bound}. */
  public Suspect withBound(@Nullable Bound b) {
    return copy(
        rank,
        title,
        growthBytes,
        retainedSeries,
        explanation,
        trend,
        nativeSeries,
        elementSample,
        b);
  }

  /** A suspect that retains no memory outside the heap, or without its series. */
  public Suspect(
      int rank,
      String title,
      String holder,
      String accumulatedClass,
      long instances,
      long retainedBytes,
      @Nullable Long growthBytes,
      List<String> pathFromGcRoot,
      String explanation,
      String kind,
      List<Long> retainedSeries,
      List<String> threads,
      List<String> stackTrace,
      List<SuspectPart> parts,
      @Nullable String trend) {
    this(
        rank,
        title,
        holder,
        accumulatedClass,
        instances,
        retainedBytes,
        growthBytes,
        pathFromGcRoot,
        explanation,
        kind,
        retainedSeries,
        threads,
        stackTrace,
        parts,
        trend,
        NativeMemory.NONE,
        List.of());
  }

  /** Heap retained plus the direct buffers' native memory: what the holder keeps in the process. */
  public long memoryBytes() {
    return retainedBytes + nativeMemory.directBytes();
  }

  /**
   * Whether the holder grew significantly over the dumps, still growing or at a plateau: what
   * {@code diff} lists as grown and the CI gate holds against a build. False without baselines.
   */
  public boolean grewSignificantly() {
    return TREND_GROWING.equals(trend) || TREND_PLATEAU.equals(trend);
  }

  /** A suspect with nothing folded into it and no trend (a single dump). */
  public Suspect(
      int rank,
      String title,
      String holder,
      String accumulatedClass,
      long instances,
      long retainedBytes,
      @Nullable Long growthBytes,
      List<String> pathFromGcRoot,
      String explanation,
      String kind,
      List<Long> retainedSeries,
      List<String> threads,
      List<String> stackTrace) {
    this(
        rank,
        title,
        holder,
        accumulatedClass,
        instances,
        retainedBytes,
        growthBytes,
        pathFromGcRoot,
        explanation,
        kind,
        retainedSeries,
        threads,
        stackTrace,
        List.of(),
        null);
  }

  /** An accumulation suspect without growth data, threads or stack. */
  public Suspect(
      int rank,
      String title,
      String holder,
      String accumulatedClass,
      long instances,
      long retainedBytes,
      @Nullable Long growthBytes,
      List<String> pathFromGcRoot,
      String explanation) {
    this(
        rank,
        title,
        holder,
        accumulatedClass,
        instances,
        retainedBytes,
        growthBytes,
        pathFromGcRoot,
        explanation,
        KIND_ACCUMULATION,
        List.of(),
        List.of(),
        List.of());
  }

  /** This suspect with another rank, title, growth, series and explanation. */
  public Suspect withGrowth(
      int newRank, String newTitle, Long growth, List<Long> series, String newExplanation) {
    return withGrowth(newRank, newTitle, growth, series, newExplanation, trend, nativeSeries);
  }

  /**
   * This suspect with another rank, title, growth, series, explanation, trend and native series.
   */
  public Suspect withGrowth(
      int newRank,
      String newTitle,
      Long growth,
      List<Long> series,
      String newExplanation,
      @Nullable String newTrend,
      List<Long> newNativeSeries) {
    return copy(
        newRank,
        newTitle,
        growth,
        series,
        newExplanation,
        newTrend,
        newNativeSeries,
        elementSample,
        bound);
  }

  private Suspect copy(
      int newRank,
      String newTitle,
      @Nullable Long growth,
      List<Long> series,
      String newExplanation,
      @Nullable String newTrend,
      List<Long> newNativeSeries,
      List<Long> sample,
      @Nullable Bound newBound) {
    return new Suspect(
        newRank,
        newTitle,
        holder,
        accumulatedClass,
        instances,
        retainedBytes,
        growth,
        pathFromGcRoot,
        newExplanation,
        kind,
        series,
        threads,
        stackTrace,
        parts,
        newTrend,
        nativeMemory,
        newNativeSeries,
        sample,
        newBound);
  }
}
