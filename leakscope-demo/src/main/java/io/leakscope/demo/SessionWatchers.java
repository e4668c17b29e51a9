package io.leakscope.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Leak {@code thread-per-request}: each request starts a thread that waits for the customer's
 * session to end, an event that never comes. The threads never finish; each keeps its quote.
 */
final class SessionWatchers {

  /** Every watcher thread started: the leak (and a way to find them all). */
  static final List<Thread> WATCHERS = Collections.synchronizedList(new ArrayList<>());

  /** The end of the sessions; only tests count it down. */
  private static volatile CountDownLatch sessionsEnd = new CountDownLatch(1);

  /** The customer whose session ended last: what a watcher does at the end. */
  static volatile String lastEnded;

  private SessionWatchers() {}

  static void watch(Quote quote) {
    CountDownLatch end = sessionsEnd;
    Thread t =
        new Thread(
            () -> {
              try {
                end.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              lastEnded = quote.customer();
            },
            "session-watcher-" + quote.requestId());
    t.setDaemon(true);
    WATCHERS.add(t);
    t.start();
  }

  static int size() {
    return WATCHERS.size();
  }

  /** Ends the waiting threads and forgets them (tests only). */
  static void clear() throws InterruptedException {
    CountDownLatch end = sessionsEnd;
    sessionsEnd = new CountDownLatch(1);
    end.countDown();
    List<Thread> threads;
    synchronized (WATCHERS) {
      threads = new ArrayList<>(WATCHERS);
      WATCHERS.clear();
    }
    for (Thread t : threads) {
      t.join();
    }
  }
}
