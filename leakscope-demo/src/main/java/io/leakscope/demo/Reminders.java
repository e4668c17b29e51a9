package io.leakscope.demo;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Leak {@code scheduled}: each request schedules an hourly refresh of its quote and never cancels
 * it, so the scheduler's queue, and the quotes its tasks capture, grows.
 */
final class Reminders {

  /** Runs the refreshes; its queue of never-cancelled tasks is the leak. */
  static final ScheduledThreadPoolExecutor SCHEDULER = newScheduler();

  private Reminders() {}

  static void scheduleRefresh(Quote quote) {
    SCHEDULER.scheduleAtFixedRate(
        () -> System.out.println("refresh " + quote.symbol() + " for " + quote.customer()),
        1,
        1,
        TimeUnit.HOURS);
  }

  static int size() {
    return SCHEDULER.getQueue().size();
  }

  static void clear() {
    SCHEDULER.getQueue().clear();
  }

  private static ScheduledThreadPoolExecutor newScheduler() {
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "demo-reminders");
              t.setDaemon(true);
              return t;
            });
    return scheduler;
  }
}
