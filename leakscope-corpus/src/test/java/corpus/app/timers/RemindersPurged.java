package corpus.app.timers;

import corpus.support.HeapDumps;
import java.util.TimerTask;

/**
 * Healthy: the same reminders on the same shared timer, cancelled at checkout, and the timer purged
 * of its cancelled tasks every 500 checkouts ({@code Timer.purge()}): its queue holds at most the
 * last few hundred. +3,000 checkouts per step.
 */
public final class RemindersPurged {
  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, n++) {
        TimerTask reminder = ReminderTimer.remind(new ReminderTimer.Basket(n));
        reminder.cancel();
        if (n % 500 == 499) {
          ReminderTimer.REMINDERS.purge();
        }
      }
      dumps.take(dump);
    }
  }

  private RemindersPurged() {}
}
