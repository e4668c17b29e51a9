package io.leakscope.micrometer;

import io.leakscope.watchdog.EvidenceBudget;
import io.leakscope.watchdog.Signal;
import io.leakscope.watchdog.TrendSettings;
import io.leakscope.watchdog.Watchdog;
import io.leakscope.watchdog.WatchdogConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** A real watchdog on this JVM that checks every 20 ms, and a wait for its next sample. */
final class RunningWatchdog {

  private RunningWatchdog() {}

  static Watchdog start(Path dir) throws IOException, InterruptedException {
    Watchdog watchdog =
        Watchdog.start(
            new WatchdogConfig(
                dir,
                new TrendSettings(Duration.ofMillis(800), Duration.ZERO, 0.01, 1024, 0.025, 8),
                EvidenceBudget.defaults(),
                Duration.ofMillis(20),
                Clock.systemUTC()));
    awaitSample(watchdog, -1);
    return watchdog;
  }

  /** Waits (up to 10 s) until the watchdog has sampled a thread count other than {@code old}. */
  static void awaitSample(Watchdog watchdog, long old) throws InterruptedException {
    for (int i = 0; i < 1000 && watchdog.latestSignals().value(Signal.THREADS) == old; i++) {
      Thread.sleep(10);
    }
  }
}
