package io.leakscope.junit5.probe;

import io.leakscope.junit5.CheckLeaks;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The outer class's {@code @CheckLeaks} settings apply to tests in its nested classes. */
@CheckLeaks(lingerMillis = 150, ignoreThreads = "outer-ignored")
public class NestedProbe {

  /** Threads started here, so the outer test can stop them. */
  public static final List<Thread> started = new CopyOnWriteArrayList<>();

  @Nested
  class Inner {

    @Test
    void leaksInNestedClass() {
      start("outer-ignored");
      start("nested-leak");
    }
  }

  private static void start(String name) {
    Thread thread = new Thread(LeakingThreadProbe::sleepThirtySeconds, name);
    thread.setDaemon(true);
    started.add(thread);
    thread.start();
  }
}
