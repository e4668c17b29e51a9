package io.leakscope.watchdog;

/**
 * What the live set after GC did over an observation window.
 *
 * @param leaking true when the live set grows steadily: a significant upward trend over the window
 *     (after warm-up) whose growth is not negligible
 * @param samples how many samples after warm-up the verdict rests on
 * @param slopeBytesPerSecond robust (Theil–Sen) growth rate of the live set
 * @param pValue one-sided significance of the upward trend (Mann–Kendall), 1.0 when too few samples
 * @param liveBytes the latest live set after GC
 * @param secondsToFull at the current rate, seconds until the live set reaches the maximum heap;
 *     negative when it does not grow or the maximum is unknown
 */
public record TrendVerdict(
    boolean leaking,
    int samples,
    double slopeBytesPerSecond,
    double pValue,
    long liveBytes,
    double secondsToFull) {}
