package io.leakscope.watchdog;

import java.time.Duration;
import java.util.Optional;

/**
 * How much evidence the watchdog may write: a heap dump is skipped, with the reason, when it would
 * break any of these limits.
 *
 * @param maxDumps heap dumps the evidence directory may hold, 1 or more
 * @param maxDiskBytes bytes the evidence directory may hold after the dump, 1 or more
 * @param minFreeDiskBytes bytes that must stay free on the directory's file store after the dump, 0
 *     or more
 * @param minTimeBetweenDumps shortest time from one dump to the next, zero or more; not null
 */
public record EvidenceBudget(
    int maxDumps, long maxDiskBytes, long minFreeDiskBytes, Duration minTimeBetweenDumps) {

  /**
   * Validates the knobs.
   *
   * @throws IllegalArgumentException naming the knob and its range when one is out of range
   * @throws NullPointerException when minTimeBetweenDumps is null
   */
  public EvidenceBudget {
    if (maxDumps < 1) {
      throw new IllegalArgumentException("maxDumps: " + maxDumps + " (expected: 1+)");
    }
    if (maxDiskBytes < 1) {
      throw new IllegalArgumentException("maxDiskBytes: " + maxDiskBytes + " (expected: 1+)");
    }
    if (minFreeDiskBytes < 0) {
      throw new IllegalArgumentException(
          "minFreeDiskBytes: " + minFreeDiskBytes + " (expected: 0+)");
    }
    if (minTimeBetweenDumps == null) {
      throw new NullPointerException("minTimeBetweenDumps");
    }
    if (minTimeBetweenDumps.isNegative()) {
      throw new IllegalArgumentException(
          "minTimeBetweenDumps: " + Durations.format(minTimeBetweenDumps) + " (expected: 0s+)");
    }
  }

  /** Two dumps, 1 GiB in the evidence directory, 2 GiB left free, ten minutes apart. */
  public static EvidenceBudget defaults() {
    return new EvidenceBudget(2, 1L << 30, 2L << 30, Duration.ofMinutes(10));
  }

  /**
   * Finds the first limit that one more dump would break.
   *
   * @param dumpsSoFar heap dumps already in the evidence directory
   * @param usedBytes bytes already in the evidence directory
   * @param freeBytes usable bytes on its file store
   * @param estimatedDumpBytes expected size of the new dump
   * @param sinceLastDump time since the previous dump, or null when there was none
   * @return the reason to skip, naming the knob; empty when the dump fits
   */
  public Optional<String> findViolation(
      int dumpsSoFar,
      long usedBytes,
      long freeBytes,
      long estimatedDumpBytes,
      Duration sinceLastDump) {
    if (dumpsSoFar >= maxDumps) {
      return Optional.of(
          "maxDumps: " + dumpsSoFar + " dumps already taken (limit " + maxDumps + ")");
    }
    if (sinceLastDump != null && sinceLastDump.compareTo(minTimeBetweenDumps) < 0) {
      return Optional.of(
          "minTimeBetweenDumps: last dump "
              + Durations.format(sinceLastDump)
              + " ago (limit "
              + Durations.format(minTimeBetweenDumps)
              + ")");
    }
    if (usedBytes + estimatedDumpBytes > maxDiskBytes) {
      return Optional.of(
          "maxDiskBytes: "
              + usedBytes
              + " bytes used + "
              + estimatedDumpBytes
              + " estimated for the dump > "
              + maxDiskBytes);
    }
    if (freeBytes - estimatedDumpBytes < minFreeDiskBytes) {
      return Optional.of(
          "minFreeDiskBytes: "
              + freeBytes
              + " bytes free - "
              + estimatedDumpBytes
              + " estimated for the dump < "
              + minFreeDiskBytes);
    }
    return Optional.empty();
  }
}
