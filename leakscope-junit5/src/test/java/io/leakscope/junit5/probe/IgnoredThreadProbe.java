package io.leakscope.junit5.probe;

import io.leakscope.junit5.CheckLeaks;
import org.junit.jupiter.api.Test;

/** Starts a long-lived thread whose name the annotation declares expected. */
@CheckLeaks(
    lingerMillis = 100,
    ignoreThreads = {"unrelated", "expected-background-.*"})
public class IgnoredThreadProbe {

  /** The thread, so the outer test can stop it. */
  public static volatile Thread background;

  @Test
  void startsExpectedBackgroundThread() {
    background = new Thread(LeakingThreadProbe::sleepThirtySeconds, "expected-background-1");
    background.setDaemon(true);
    background.start();
  }
}
