package corpus.app;

import corpus.support.HeapDumps;
import java.util.concurrent.TimeUnit;

/**
 * Leak: a service that schedules an hourly reminder per request on a {@code
 * ScheduledExecutorService} ({@link Reminders#SCHEDULER}) and drops the {@code ScheduledFuture}, so
 * no reminder is ever cancelled; 3,000 more scheduled tasks between dumps.
 */
public final class ReminderService {
  private static int requests;

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    for (int dump = 1; dump <= 3; dump++) {
      serve(3_000);
      dumps.take(dump);
    }
    Reminders.SCHEDULER.shutdownNow();
  }

  static void serve(int count) {
    for (int i = 0; i < count; i++) {
      String requestId = "remind-" + (requests++);
      Reminder reminder =
          new Reminder(requestId, "user-" + (requests % 700), "renew subscription " + requestId);
      Reminders.SCHEDULER.scheduleAtFixedRate(reminder, 1, 1, TimeUnit.HOURS);
    }
  }

  private ReminderService() {}
}
