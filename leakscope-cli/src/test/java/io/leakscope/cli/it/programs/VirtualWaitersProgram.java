package io.leakscope.cli.it.programs;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Requests on virtual threads (JDK 21 and later) stuck on an approval that never comes: 3,000
 * virtual threads, each holding its request's 4,000 bytes on its stack while it waits. Virtual
 * threads are started through reflection, as this code is compiled for JDK 17.
 */
public final class VirtualWaitersProgram {
  /** Requests started. */
  public static final int REQUESTS = 3_000;

  private static final CountDownLatch APPROVAL = new CountDownLatch(1);

  static void handle(int id) {
    byte[] pending = new byte[4_000];
    pending[0] = (byte) id;
    try {
      APPROVAL.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pending[1]++;
  }

  public static void main(String[] args) throws IOException, ReflectiveOperationException {
    Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
    var start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
    Thread[] started = new Thread[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
      int id = i;
      started[i] = (Thread) start.invoke(builder, (Runnable) () -> handle(id));
    }
    // every request is waiting before the dump
    for (Thread t : started) {
      while (t.getState() != Thread.State.WAITING) {
        Thread.onSpinWait();
      }
    }
    CommandLoop.readyThenServe(Map.of());
  }
}
