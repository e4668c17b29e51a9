package io.leakscope.junit5.probe;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Leaks two threads without {@code @CheckLeaks}: checked only when the extension is auto-detected,
 * with settings from configuration parameters.
 */
public class UnannotatedLeakProbe {

  /** Threads started here, so the outer test can stop them. */
  public static final List<Thread> started = new CopyOnWriteArrayList<>();

  @Test
  void leaksTwoThreads() {
    start("unannotated-leak-1");
    start("unannotated-leak-2");
  }

  @Test
  void leaksNothing() {}

  private static void start(String name) {
    Thread thread = new Thread(LeakingThreadProbe::sleepThirtySeconds, name);
    thread.setDaemon(true);
    started.add(thread);
    thread.start();
  }
}
