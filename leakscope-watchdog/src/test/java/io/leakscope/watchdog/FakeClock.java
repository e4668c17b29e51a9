package io.leakscope.watchdog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.IntFunction;

/** A clock that moves only when told to. */
final class FakeClock extends Clock {

  private volatile Instant now;
  private IntFunction<Duration> stepPerReading = n -> Duration.ZERO;
  private int readings;

  FakeClock(Instant start) {
    this.now = start;
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  /** From now on each reading first moves the clock by {@code step} of the reading's number. */
  synchronized void advanceOnEachReading(IntFunction<Duration> step) {
    stepPerReading = step;
    readings = 0;
  }

  @Override
  public synchronized Instant instant() {
    now = now.plus(stepPerReading.apply(readings++));
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
