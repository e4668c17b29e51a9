package corpus.app.timeouts;

import corpus.support.HeapDumps;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Leak: every order sent to the warehouse gets a 15-minute timeout on a {@link
 * ScheduledThreadPoolExecutor} ({@link #TIMEOUTS}), cancelled when the warehouse confirms, a few
 * milliseconds later. A cancelled task lets go of what it was to run (the order), but stays in the
 * executor's queue until its delay has passed unless the executor was told to remove it ({@code
 * setRemoveOnCancelPolicy(true)}): +3,000 tasks per step, each kept 15 minutes.
 */
public final class OrderTimeouts {
  /** The timeouts of orders in flight. */
  static final ScheduledThreadPoolExecutor TIMEOUTS = new ScheduledThreadPoolExecutor(1);

  static void send(PendingOrder order) {
    ScheduledFuture<?> timeout = TIMEOUTS.schedule(order::expire, 15, TimeUnit.MINUTES);
    // the warehouse confirms the order: the timeout is no longer needed
    order.confirmed = true;
    timeout.cancel(false);
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, n++) {
        send(new PendingOrder(n));
      }
      dumps.take(dump);
    }
    TIMEOUTS.shutdownNow();
  }

  private OrderTimeouts() {}
}
