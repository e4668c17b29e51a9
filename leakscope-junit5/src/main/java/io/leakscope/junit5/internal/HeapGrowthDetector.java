package io.leakscope.junit5.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides from a series of class histograms, taken after equal batches of work, whether the heap
 * grows steadily, and names the classes that grew.
 *
 * <p>Design note: a leak adds the same objects in every batch, so the total live bytes rise after
 * every batch and the leaking classes never shrink. One-off growth (a cache filled on first use, a
 * class loaded late) shows up in one batch only and is absorbed by a warm-up batch before the first
 * sample. Growth is reported when the total rises between every pair of samples and the classes
 * that never shrank and grew overall account for at least the tolerance; the per-class filter keeps
 * unrelated up-and-down noise out of both the sum and the report.
 *
 * <p>The detector must not look like a leak itself: the histograms live in the same heap they
 * measure, so it keeps no histogram. It folds each one into a fixed state per class (first bytes,
 * previous bytes, whether it ever shrank: one {@code long[3]} of 40 bytes plus a map entry, about
 * 100 bytes per class). {@link #prime} creates that state from a histogram taken before the first
 * sample, so the state already exists, at its final size, when the samples are taken.
 *
 * <p>Not thread-safe; one instance per measured run.
 */
public final class HeapGrowthDetector {

  /** Classes named in a report, largest growth first. */
  static final int MAX_CLASSES = 10;

  private static final int FIRST = 0;
  private static final int PREVIOUS = 1;
  private static final int SHRANK = 2;

  private final long toleranceBytes;
  private final long[] totals;
  private final Map<String, long[]> perClass = new HashMap<>(4096);
  private int recorded;

  /**
   * @param toleranceBytes steady growth below this many bytes over the whole series is not
   *     reported; 0+
   * @param samples how many histograms {@link #record} will receive; 2+
   */
  public HeapGrowthDetector(long toleranceBytes, int samples) {
    if (samples < 2) {
      throw new IllegalArgumentException("samples: " + samples + " (expected: 2+)");
    }
    this.toleranceBytes = toleranceBytes;
    this.totals = new long[samples];
  }

  /** One class that grew: its name and live bytes in the first and last sample. */
  public record Growth(String className, long firstBytes, long lastBytes) {
    /** Returns {@code lastBytes - firstBytes}. */
    public long grownBytes() {
      return lastBytes - firstBytes;
    }
  }

  /** Creates the per-class state for the classes in {@code histogram}; records no sample. */
  public void prime(ClassHistogram histogram) {
    for (String className : histogram.bytesByClass().keySet()) {
      perClass.computeIfAbsent(className, name -> new long[3]);
    }
  }

  /**
   * Folds in the next sample.
   *
   * @throws IllegalStateException if all samples have been recorded
   */
  public void record(ClassHistogram histogram) {
    if (recorded == totals.length) {
      throw new IllegalStateException("all " + totals.length + " samples already recorded");
    }
    int index = recorded++;
    totals[index] = histogram.totalBytes();
    for (String className : histogram.bytesByClass().keySet()) {
      perClass.computeIfAbsent(className, name -> new long[3]); // first seen now: 0 before
    }
    for (Map.Entry<String, long[]> entry : perClass.entrySet()) {
      long bytes = histogram.bytesOf(entry.getKey());
      long[] state = entry.getValue();
      if (index == 0) {
        state[FIRST] = bytes;
      } else if (bytes < state[PREVIOUS]) {
        state[SHRANK] = 1;
      }
      state[PREVIOUS] = bytes;
    }
  }

  /**
   * Returns the classes that grew steadily, largest first (at most {@link #MAX_CLASSES}, each with
   * at least 1% of the total growth), or empty if the heap did not grow steadily by at least the
   * tolerance.
   *
   * @throws IllegalStateException if fewer samples were recorded than announced
   */
  public Optional<List<Growth>> findSteadyGrowth() {
    if (recorded < totals.length) {
      throw new IllegalStateException(recorded + " of " + totals.length + " samples recorded");
    }
    for (int i = 1; i < totals.length; i++) {
      if (totals[i] <= totals[i - 1]) {
        return Optional.empty();
      }
    }
    List<Growth> grown = new ArrayList<>();
    long sum = 0;
    for (Map.Entry<String, long[]> entry : perClass.entrySet()) {
      long[] state = entry.getValue();
      if (state[SHRANK] == 0 && state[PREVIOUS] > state[FIRST]) {
        grown.add(new Growth(entry.getKey(), state[FIRST], state[PREVIOUS]));
        sum += state[PREVIOUS] - state[FIRST];
      }
    }
    if (sum < toleranceBytes) {
      return Optional.empty();
    }
    // Keep the report to the classes that matter: a leak drags a few helpers along (a grown
    // backing array, a lambda's class), which the sum counts but the reader does not need.
    long minimum = sum / 100;
    grown.removeIf(growth -> growth.grownBytes() < minimum);
    grown.sort(Comparator.comparingLong(Growth::grownBytes).reversed());
    return Optional.of(List.copyOf(grown.subList(0, Math.min(MAX_CLASSES, grown.size()))));
  }
}
