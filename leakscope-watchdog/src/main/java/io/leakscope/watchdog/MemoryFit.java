package io.leakscope.watchdog;

import java.util.Locale;

/**
 * Whether a JVM fits the memory it is given: its heap maximum plus the non-heap memory it was
 * measured to use, against the container's limit (or the host's memory when there is none). A JVM
 * that does not fit is not leaking: once its heap fills past {@link #heapAtKillBytes()}, the kernel
 * kills it, before any {@code OutOfMemoryError} and before {@code -XX:+HeapDumpOnOutOfMemoryError}
 * could fire.
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>needed = heap maximum + non-heap; headroom = limit − needed.
 *   <li><b>does not fit</b> when needed &gt; limit;
 *   <li><b>tight</b> when needed &gt; (1 − {@value #SAFETY_SHARE}) × limit: non-heap memory grows
 *       with load (threads, buffers, the JIT), and {@value #SAFETY_SHARE} of the limit is the least
 *       room to leave for it and for the container's other processes;
 *   <li><b>fits</b> otherwise; <b>unknown</b> when a figure is missing.
 * </ul>
 *
 * <p>What would fit leaves the same share free: {@code -Xmx} = (1 − {@value #SAFETY_SHARE}) × limit
 * − non-heap, rounded down to a MiB; {@code -XX:MaxRAMPercentage} = that heap as a share of the
 * limit (the JVM takes the container's limit as its physical memory), rounded down to a tenth of a
 * percent; or a limit of needed / (1 − {@value #SAFETY_SHARE}), rounded up to a MiB. Non-heap
 * memory itself grows a little with the heap (GC structures: a few percent of it with G1), which
 * the share covers.
 *
 * @param state the verdict
 * @param limitBytes the memory the JVM is given, -1 when unknown
 * @param containerLimit true when the limit is a container's, false for the host's memory
 * @param heapMaxBytes the heap's maximum, -1 when unknown
 * @param nonHeapBytes the measured non-heap resident memory, -1 when unknown
 * @param neededBytes heap maximum plus non-heap, -1 when unknown
 * @param headroomBytes limit minus needed (negative when it does not fit); 0 when unknown
 * @param heapAtKillBytes the heap size at which the JVM reaches the limit (limit − non-heap); -1
 *     when unknown or when the whole heap fits
 * @param suggestedHeapBytes an {@code -Xmx} that fits with the safety share; -1 when unknown or
 *     when even a tiny heap would not fit
 * @param suggestedRamPercentage the same heap as {@code -XX:MaxRAMPercentage}; -1 when unknown
 * @param suggestedLimitBytes a limit the current heap maximum fits into; -1 when unknown
 */
public record MemoryFit(
    State state,
    long limitBytes,
    boolean containerLimit,
    long heapMaxBytes,
    long nonHeapBytes,
    long neededBytes,
    long headroomBytes,
    long heapAtKillBytes,
    long suggestedHeapBytes,
    double suggestedRamPercentage,
    long suggestedLimitBytes) {

  /** The share of the limit to leave free for non-heap growth and other processes. */
  public static final double SAFETY_SHARE = 0.10;

  private static final long MIB = 1L << 20;

  /** The verdicts; {@link #key()} is the name in JSON. */
  public enum State {
    /** A figure is missing: no verdict. */
    UNKNOWN,
    /** Heap maximum plus non-heap stays below the limit with the safety share free. */
    FITS,
    /** It stays below the limit, with less than the safety share free. */
    TIGHT,
    /** It exceeds the limit: the kernel kills the JVM before its heap is full. */
    DOES_NOT_FIT;

    /** {@code unknown}, {@code fits}, {@code tight}, {@code does-not-fit}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * Judges the fit.
   *
   * @param heapMaxBytes the heap's maximum ({@code -Xmx}), -1 when undefined
   * @param nonHeapBytes the measured non-heap resident memory, -1 when unknown
   * @param limitBytes the container's limit or the host's memory, -1 when unknown
   * @param containerLimit whether {@code limitBytes} is a container's limit
   */
  public static MemoryFit judge(
      long heapMaxBytes, long nonHeapBytes, long limitBytes, boolean containerLimit) {
    if (heapMaxBytes <= 0 || nonHeapBytes < 0 || limitBytes <= 0) {
      return new MemoryFit(
          State.UNKNOWN,
          limitBytes,
          containerLimit,
          heapMaxBytes,
          nonHeapBytes,
          -1,
          0,
          -1,
          -1,
          -1,
          -1);
    }
    long needed = heapMaxBytes + nonHeapBytes;
    long headroom = limitBytes - needed;
    State state =
        needed > limitBytes
            ? State.DOES_NOT_FIT
            : needed > (1 - SAFETY_SHARE) * limitBytes ? State.TIGHT : State.FITS;
    long atKill = state == State.DOES_NOT_FIT ? Math.max(0, limitBytes - nonHeapBytes) : -1;
    long heap = (long) Math.floor(((1 - SAFETY_SHARE) * limitBytes - nonHeapBytes) / MIB) * MIB;
    long suggestedHeap = heap >= MIB ? heap : -1;
    double percentage =
        suggestedHeap > 0 ? Math.floor(1000.0 * suggestedHeap / limitBytes) / 10.0 : -1;
    long suggestedLimit = (long) Math.ceil(needed / (1 - SAFETY_SHARE) / MIB) * MIB;
    return new MemoryFit(
        state,
        limitBytes,
        containerLimit,
        heapMaxBytes,
        nonHeapBytes,
        needed,
        headroom,
        atKill,
        suggestedHeap,
        percentage,
        suggestedLimit);
  }

  /** One line: the verdict with its numbers. */
  public String summary() {
    String limit = containerLimit ? "the container's limit" : "the host's memory";
    return switch (state) {
      case UNKNOWN -> "fit unknown: " + missing();
      case FITS ->
          "fits: heap max "
              + mib(heapMaxBytes)
              + " + non-heap "
              + mib(nonHeapBytes)
              + " = "
              + mib(neededBytes)
              + " of "
              + limit
              + " "
              + mib(limitBytes)
              + " ("
              + mib(headroomBytes)
              + " free)";
      case TIGHT ->
          "tight: heap max "
              + mib(heapMaxBytes)
              + " + non-heap "
              + mib(nonHeapBytes)
              + " = "
              + mib(neededBytes)
              + " leaves only "
              + mib(headroomBytes)
              + " of "
              + limit
              + " "
              + mib(limitBytes)
              + " free";
      case DOES_NOT_FIT ->
          "does not fit (not a leak): heap max "
              + mib(heapMaxBytes)
              + " + non-heap "
              + mib(nonHeapBytes)
              + " = "
              + mib(neededBytes)
              + " > "
              + limit
              + " "
              + mib(limitBytes)
              + "; the kernel kills the JVM once its heap holds about "
              + mib(heapAtKillBytes)
              + ", with no OutOfMemoryError and no heap dump";
    };
  }

  /** What to change, one line; empty when it fits or nothing is known. */
  public String advice() {
    if (state != State.TIGHT && state != State.DOES_NOT_FIT) {
      return "";
    }
    String raise = "raise the limit to at least " + mib(suggestedLimitBytes);
    if (suggestedHeapBytes < 0) {
      return "the non-heap memory alone leaves no room for a heap: " + raise;
    }
    return "-Xmx"
        + (suggestedHeapBytes / MIB)
        + "m"
        + (containerLimit
            ? String.format(Locale.ROOT, " (or -XX:MaxRAMPercentage=%.1f)", suggestedRamPercentage)
            : "")
        + " would fit, leaving "
        + Math.round(SAFETY_SHARE * 100)
        + "% free; or "
        + raise;
  }

  private String missing() {
    if (heapMaxBytes <= 0) {
      return "the heap's maximum is unknown (not measured, or undefined)";
    }
    if (nonHeapBytes < 0) {
      return "the non-heap memory could not be measured";
    }
    return "no container limit or host memory could be read";
  }

  /** Bytes as MiB, e.g. {@code 512 MiB}; {@code -3 MiB} for a negative amount. */
  static String mib(long bytes) {
    return Math.round(bytes / (double) MIB) + " MiB";
  }
}
