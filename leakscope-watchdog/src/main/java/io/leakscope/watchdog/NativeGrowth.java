package io.leakscope.watchdog;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Judges whether memory outside the heap keeps growing, and names what grows: a category the JVM
 * accounts for (metaspace, direct buffers, thread stacks, an NMT category) or memory outside its
 * accounting.
 *
 * <h2>Rules</h2>
 *
 * <p>The series judged is the non-heap resident memory (RSS minus committed heap: {@link
 * MemoryFootprint#nonHeapBytes()}), so that the heap growing into its maximum is not mistaken for
 * native growth. It is judged like the live set ({@link TrendAnalysis}: warm-up, window, Theil–Sen
 * slope, one-sided Mann–Kendall) under {@link #defaults()}, and must also <b>persist</b>: the slope
 * over the later half of the analysed samples must reach half the slope over all of them. A single
 * step (glibc creating an arena, a burst of JIT compilation) puts all its growth in one half and is
 * not called growth; a leak grows in both.
 *
 * <p><b>The cause.</b> Each other figure ({@link MemoryFootprint#series()}) is judged with the same
 * window and p-value, without the relative rule; the fastest one that is significant and grows at
 * least {@value #EXPLAINS} of the non-heap slope is the cause (on a tie within 10%, the first in
 * the footprint's order: the JVM's own figures before NMT's categories, the unaccounted memory
 * last). When none does, the growth is outside what the JVM accounts for. Each cause has its next
 * step ({@link #nextStep}); NMT's "Other" with a flat direct buffer pool has its own ({@link
 * #NOT_DIRECT_BUFFERS}).
 *
 * <p>Stateless and thread-safe.
 */
public final class NativeGrowth {

  /** The key of the non-heap resident memory in a footprint's series. */
  public static final String NON_HEAP = "nonHeap";

  /** The key of the anonymous memory outside the JVM's accounting. */
  public static final String UNACCOUNTED = "unaccounted";

  /** The prefix of NMT's categories in a footprint's series, e.g. {@code nmt:Thread}. */
  public static final String NMT_PREFIX = "nmt:";

  /** The share of the non-heap slope a figure must reach to be named the cause. */
  static final double EXPLAINS = 0.5;

  /** The share of the whole slope the later half's slope must reach. */
  static final double PERSISTS = 0.5;

  /** The states; {@link #key()} is the name in JSON. */
  public enum State {
    /** Too few samples after warm-up to judge. */
    INSUFFICIENT_DATA,
    /** Enough samples, and no persisting growth. */
    HEALTHY,
    /** Enough samples, and the non-heap memory grows steadily. */
    GROWING;

    /** {@code insufficient-data}, {@code healthy}, {@code growing}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * The verdict.
   *
   * @param state the verdict
   * @param samples the samples after warm-up it rests on
   * @param bytesPerSecond Theil–Sen growth of the non-heap resident memory
   * @param pValue its one-sided Mann–Kendall p-value
   * @param cause the key of the figure that grows ({@code metaspace}, {@code nmt:Other}, {@code
   *     unaccounted}, …), or null when not growing or when nothing the JVM accounts for explains it
   * @param causeBytesPerSecond the cause's Theil–Sen growth, 0 without a cause
   * @param liveSetGrowing whether the live set grows too (the heap verdict)
   * @param summary one line: what grows, how fast, and whether the live set is flat
   * @param nextStep one line: what to do next; empty unless growing
   */
  public record Verdict(
      State state,
      int samples,
      double bytesPerSecond,
      double pValue,
      String cause,
      double causeBytesPerSecond,
      boolean liveSetGrowing,
      String summary,
      String nextStep) {

    public boolean growing() {
      return state == State.GROWING;
    }
  }

  private NativeGrowth() {}

  /**
   * Settings for a service: a 10 minute window after a 10 minute warm-up, p ≤ 0.01, at least 16
   * KiB/s (about 1 MiB a minute, 56 MiB an hour) and 5% of the median non-heap memory over the
   * window, at least 8 samples. Measured on steady services with the agent (G1, JDK 17 and 25,
   * {@code leakscope-benchmarks/results/2026-12-05-g1-cycles.md}): their memory outside the JVM's
   * accounting still grew at 7 to 23 KB/s between 2 and 10 minutes of uptime, falling to about 2
   * KB/s by 15; with a 2 minute warm-up and a 4 KiB/s floor every one of them was called growing.
   * Twice the live set's relative threshold: non-heap memory moves in steps (arenas, code cache,
   * thread pools) that the heap's collector smooths out.
   */
  public static TrendSettings defaults() {
    return new TrendSettings(
        Duration.ofMinutes(10), Duration.ofMinutes(10), 0.01, 16 * 1024.0, 0.05, 8);
  }

  /**
   * Judges the series.
   *
   * @param timesMillis sample times, oldest first
   * @param series each figure's values at those times by key ({@link MemoryFootprint#series()}
   *     keys); must hold {@link #NON_HEAP}; a value of -1 or less in a figure other than the
   *     unaccounted one marks a sample it lacks, and such a figure is not judged
   * @param count how many leading samples to use
   * @param nmtOn whether NMT's categories are in the series
   * @param liveSetGrowing whether the live set's own verdict is leaking
   * @param settings window, warm-up, p-value and thresholds for the non-heap series
   */
  public static Verdict judge(
      long[] timesMillis,
      Map<String, long[]> series,
      int count,
      boolean nmtOn,
      boolean liveSetGrowing,
      TrendSettings settings) {
    long[] nonHeap = Objects.requireNonNull(series.get(NON_HEAP), "series has no " + NON_HEAP);
    TrendVerdict v = TrendAnalysis.analyze(timesMillis, nonHeap, count, -1, settings);
    if (v.state() == TrendVerdict.State.INSUFFICIENT_DATA && v.samples() < settings.minSamples()) {
      return new Verdict(
          State.INSUFFICIENT_DATA,
          v.samples(),
          0,
          1,
          null,
          0,
          liveSetGrowing,
          "not enough samples yet ("
              + v.samples()
              + " of "
              + settings.minSamples()
              + " after warm-up)",
          "");
    }
    if (v.state() == TrendVerdict.State.INSUFFICIENT_DATA) {
      // Enough samples, over a span too short to tell: their slope kept up over a window would be
      // a leak's, but over the span it is not yet significant, or not yet the share of non-heap
      // memory a verdict needs. Say so, with the slope, rather than "not enough samples", which
      // the count contradicts.
      long spanMillis = timesMillis[count - 1] - timesMillis[count - v.samples()];
      return new Verdict(
          State.INSUFFICIENT_DATA,
          v.samples(),
          v.slopeBytesPerSecond(),
          v.pValue(),
          null,
          0,
          liveSetGrowing,
          "non-heap memory "
              + rate(v.slopeBytesPerSecond())
              + " over "
              + Math.round(spanMillis / 1000.0)
              + " s ("
              + v.samples()
              + " samples after warm-up): too short a span to call it growing or flat",
          "");
    }
    boolean growing =
        v.leaking() && TrendAnalysis.persists(timesMillis, nonHeap, count, v, PERSISTS);
    if (!growing) {
      return new Verdict(
          State.HEALTHY,
          v.samples(),
          v.slopeBytesPerSecond(),
          v.pValue(),
          null,
          0,
          liveSetGrowing,
          "non-heap memory is flat (" + rate(v.slopeBytesPerSecond()) + ")",
          "");
    }
    String cause = null;
    double causeSlope = 0;
    TrendSettings loose =
        new TrendSettings(settings.window(), settings.warmUp(), settings.maxPValue(), 0.0, 0.0, 3);
    for (Map.Entry<String, long[]> e : series.entrySet()) {
      String key = e.getKey();
      if (key.equals(NON_HEAP) || (!key.equals(UNACCOUNTED) && hasGap(e.getValue(), count))) {
        continue;
      }
      TrendVerdict c = TrendAnalysis.analyze(timesMillis, e.getValue(), count, -1, loose);
      double slope = c.slopeBytesPerSecond();
      if (c.pValue() <= settings.maxPValue()
          && slope >= EXPLAINS * v.slopeBytesPerSecond()
          && (cause == null || slope > 1.1 * causeSlope)) {
        cause = key;
        causeSlope = slope;
      }
    }
    String flat = liveSetGrowing ? "; the live set grows too" : ", while the live set is flat";
    String what =
        cause == null
            ? "non-heap memory "
                + rate(v.slopeBytesPerSecond())
                + ", outside what the JVM accounts for"
            : label(cause)
                + " "
                + rate(causeSlope)
                + " of non-heap memory's "
                + rate(v.slopeBytesPerSecond());
    return new Verdict(
        State.GROWING,
        v.samples(),
        v.slopeBytesPerSecond(),
        v.pValue(),
        cause,
        causeSlope,
        liveSetGrowing,
        "native growth: " + what + flat,
        "nmt:Other".equals(cause)
                && flat(timesMillis, series.get("directBuffers"), count, loose, causeSlope)
            ? NOT_DIRECT_BUFFERS
            : nextStep(cause, nmtOn));
  }

  /**
   * The next step when NMT's "Other" grows but the direct buffer pool does not: what is left in
   * that category is {@code Unsafe.allocateMemory} and native code allocating through the JVM.
   */
  static final String NOT_DIRECT_BUFFERS =
      "not direct buffers (their pool is flat): Unsafe.allocateMemory or native code allocating"
          + " through the JVM; restart with -XX:NativeMemoryTracking=detail and run jcmd PID"
          + " VM.native_memory detail for the native call sites, or profile native allocations"
          + " (async-profiler's nativemem) for the Java ones";

  /** Whether a known figure grew less than {@link #EXPLAINS} of {@code slope}. */
  private static boolean flat(
      long[] t, long[] values, int count, TrendSettings loose, double slope) {
    if (values == null || hasGap(values, count)) {
      return false;
    }
    return TrendAnalysis.analyze(t, values, count, -1, loose).slopeBytesPerSecond()
        < EXPLAINS * slope;
  }

  private static boolean hasGap(long[] values, int count) {
    for (int i = 0; i < count; i++) {
      if (values[i] < 0) {
        return true;
      }
    }
    return false;
  }

  /** A figure's name for people, e.g. {@code direct buffers} or {@code NMT "Thread"}. */
  public static String label(String key) {
    if (key.startsWith(NMT_PREFIX)) {
      return "NMT category \"" + key.substring(NMT_PREFIX.length()) + "\"";
    }
    return switch (key) {
      case NON_HEAP -> "non-heap resident memory";
      case "metaspace" -> "metaspace";
      case "compressedClassSpace" -> "compressed class space";
      case "codeCache" -> "code cache";
      case "directBuffers" -> "direct buffers";
      case "mappedBuffers" -> "mapped buffers";
      case "threadStacks" -> "thread stacks";
      case UNACCOUNTED -> "memory outside the JVM's accounting";
      default -> key;
    };
  }

  /** What to do about growth of {@code cause} (null: nothing the JVM accounts for explains it). */
  public static String nextStep(String cause, boolean nmtOn) {
    String c = cause == null ? UNACCOUNTED : cause;
    return switch (c) {
      case "metaspace", "compressedClassSpace", "nmt:Class", "nmt:Metaspace" ->
          "classes are loaded and never unloaded (generated classes, class loaders kept alive):"
              + " take a heap dump and look for duplicate class loaders (leakscope analyze)";
      case "directBuffers", "nmt:Other" ->
          "direct buffers or Unsafe.allocateMemory blocks are kept alive: take a heap dump and"
              + " look for what holds the java.nio.DirectByteBuffer objects (leakscope analyze)";
      case "mappedBuffers" ->
          "mapped files stay mapped: look for what holds the MappedByteBuffer objects";
      case "threadStacks", "nmt:Thread" ->
          "threads are started and never end: watch the thread count and take a thread dump"
              + " (jcmd PID Thread.print)";
      case "codeCache", "nmt:Code" ->
          "the JIT keeps compiling; if it does not settle, check for generated code"
              + " (-XX:ReservedCodeCacheSize bounds it)";
      case UNACCOUNTED ->
          nmtOn
              ? "malloc by native libraries or glibc's arenas: try MALLOC_ARENA_MAX=2, then"
                  + " profile native allocations (async-profiler's nativemem, jemalloc's prof)"
              : "not in what the JVM reports without NMT: "
                  + NativeMemoryTracking.HOW_TO_ENABLE
                  + " to tell its own memory from native libraries'";
      default ->
          c.startsWith(NMT_PREFIX)
              ? "the JVM's "
                  + c.substring(NMT_PREFIX.length())
                  + " memory grows: jcmd PID VM.native_memory baseline, later"
                  + " VM.native_memory detail.diff"
              : "";
    };
  }

  /** A rate in readable units, e.g. {@code +1.2 MiB/min}. */
  static String rate(double bytesPerSecond) {
    double perMinute = bytesPerSecond * 60;
    double abs = Math.abs(perMinute);
    String sign = perMinute < 0 ? "-" : "+";
    if (abs >= 1 << 20) {
      return String.format(Locale.ROOT, "%s%.1f MiB/min", sign, abs / (1 << 20));
    }
    return String.format(Locale.ROOT, "%s%.0f KiB/min", sign, abs / 1024);
  }
}
