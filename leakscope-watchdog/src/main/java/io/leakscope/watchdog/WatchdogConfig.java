package io.leakscope.watchdog;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Watchdog} runs.
 *
 * @param evidenceDir where {@code events.jsonl}, histograms and heap dumps go; created when missing
 * @param trend when the live set after GC counts as leaking
 * @param budget how much evidence may be written
 * @param checkInterval how often the trend is judged; positive
 * @param clock the time written into events and file names and used for the budget
 * @param memory how the whole process's memory is watched ({@link MemorySettings#defaults()})
 * @param g1CycleEvery on G1, the least time between two concurrent cycles requested while the
 *     verdict lacks live-set readings ({@link G1CycleRequests}); zero for none
 * @throws NullPointerException when a component is null
 * @throws IllegalArgumentException when checkInterval is not positive or g1CycleEvery negative
 */
public record WatchdogConfig(
    Path evidenceDir,
    TrendSettings trend,
    EvidenceBudget budget,
    Duration checkInterval,
    Clock clock,
    MemorySettings memory,
    Duration g1CycleEvery) {

  /** The default of {@link #g1CycleEvery}: one requested G1 cycle a minute at most. */
  public static final Duration DEFAULT_G1_CYCLE_EVERY = Duration.ofMinutes(1);

  public WatchdogConfig {
    Objects.requireNonNull(evidenceDir, "evidenceDir");
    Objects.requireNonNull(trend, "trend");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(checkInterval, "checkInterval");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(g1CycleEvery, "g1CycleEvery");
    if (checkInterval.isNegative() || checkInterval.isZero()) {
      throw new IllegalArgumentException("checkInterval: " + checkInterval + " (expected: > 0)");
    }
    if (g1CycleEvery.isNegative()) {
      throw new IllegalArgumentException("g1CycleEvery: " + g1CycleEvery + " (expected: >= 0)");
    }
  }

  /** With {@link MemorySettings#defaults()} and {@link #DEFAULT_G1_CYCLE_EVERY}. */
  public WatchdogConfig(
      Path evidenceDir,
      TrendSettings trend,
      EvidenceBudget budget,
      Duration checkInterval,
      Clock clock) {
    this(
        evidenceDir,
        trend,
        budget,
        checkInterval,
        clock,
        MemorySettings.defaults(),
        DEFAULT_G1_CYCLE_EVERY);
  }

  /** This configuration with other memory settings. */
  public WatchdogConfig withMemory(MemorySettings memory) {
    return new WatchdogConfig(
        evidenceDir, trend, budget, checkInterval, clock, memory, g1CycleEvery);
  }

  /** This configuration with another least time between requested G1 cycles (zero: none). */
  public WatchdogConfig withG1CycleEvery(Duration g1CycleEvery) {
    return new WatchdogConfig(
        evidenceDir, trend, budget, checkInterval, clock, memory, g1CycleEvery);
  }

  /** Default trend and budget, a check every 10 seconds, the system clock in UTC. */
  public static WatchdogConfig defaults(Path evidenceDir) {
    return new WatchdogConfig(
        evidenceDir,
        TrendSettings.defaults(),
        EvidenceBudget.defaults(),
        Duration.ofSeconds(10),
        Clock.systemUTC());
  }
}
