package io.leakscope.junit5.probe;

import io.leakscope.junit5.CheckLeaks;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@code @CheckLeaks} on one method only; the other method is not checked. */
public class MethodLevelProbe {

  /** Threads started here, so the outer test can stop them. */
  public static final List<Thread> started = new CopyOnWriteArrayList<>();

  @Test
  @CheckLeaks(lingerMillis = 100)
  void checkedMethodLeaks() {
    start("checked-leak");
  }

  @Test
  void uncheckedMethodLeaks() {
    start("unchecked-leak");
  }

  @Test
  @CheckLeaks(lingerMillis = -1)
  void negativeLingerIsRejected() {}

  private static void start(String name) {
    Thread thread = new Thread(LeakingThreadProbe::sleepThirtySeconds, name);
    thread.setDaemon(true);
    started.add(thread);
    thread.start();
  }
}
