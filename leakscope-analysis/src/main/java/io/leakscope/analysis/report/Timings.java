package io.leakscope.analysis.report;

/**
 * Wall-clock time of each phase, in milliseconds.
 *
 * @param parseMillis reading the dump and building the index
 * @param dominatorMillis dominator tree and retained sizes
 * @param totalMillis the whole analysis
 * @param suspectMillis finding leak suspects of every kind and their paths (part of the total; with
 *     baselines, also ranking them by growth)
 * @param inspectionMillis the memory-waste inspections (part of the total)
 */
public record Timings(
    long parseMillis,
    long dominatorMillis,
    long totalMillis,
    long suspectMillis,
    long inspectionMillis) {

  /** Timings without the suspect and inspection phases measured. */
  public Timings(long parseMillis, long dominatorMillis, long totalMillis) {
    this(parseMillis, dominatorMillis, totalMillis, 0, 0);
  }

  /** These timings with {@code extraMillis} more spent on suspects (ranking by growth). */
  public Timings plusSuspectMillis(long extraMillis) {
    return new Timings(
        parseMillis,
        dominatorMillis,
        totalMillis + extraMillis,
        suspectMillis + extraMillis,
        inspectionMillis);
  }
}
