package corpus.app;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The scheduler of {@link ReminderService}. */
public final class Reminders {
  /** The leak: a periodic task per request, whose future is dropped and so never cancelled. */
  static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(1);

  private Reminders() {}
}
