package corpus.app.timers;

import corpus.support.HeapDumps;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;

/**
 * Leak: one shared {@link Timer} schedules a reminder an hour ahead for each basket; when the
 * customer checks out, the reminder's task is cancelled. {@code TimerTask.cancel()} only marks the
 * task: the timer's queue keeps it, with its basket, until its time comes (or {@code Timer.purge()}
 * is called, which nothing does): +3,000 cancelled reminders per step.
 */
public final class ReminderTimer {
  static final Timer REMINDERS = new Timer("basket-reminders", true);

  /** A customer's basket, which the reminder mentions. */
  static final class Basket {
    final String customer;
    final List<String> items = new ArrayList<>();

    Basket(int n) {
      this.customer = "customer-" + n;
      for (int i = 0; i < 4; i++) {
        items.add("basket " + n + " item " + i);
      }
    }
  }

  static TimerTask remind(Basket basket) {
    TimerTask reminder =
        new TimerTask() {
          @Override
          public void run() {
            System.out.println("reminder to " + basket.customer + ": " + basket.items.size());
          }
        };
    REMINDERS.schedule(reminder, 3_600_000L);
    return reminder;
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, n++) {
        TimerTask reminder = remind(new Basket(n));
        reminder.cancel(); // checked out: cancelled, but still queued
      }
      dumps.take(dump);
    }
  }

  private ReminderTimer() {}
}
