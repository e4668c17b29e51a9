package corpus.app.net;

import corpus.support.HeapDumps;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.util.concurrent.TimeUnit;

/**
 * Leak through Netty's {@code HashedWheelTimer}: each client connection makes a timer of its own
 * for its idle timeout (10 minutes away), cancels the timeout when the connection closes, and never
 * stops the timer. Each timer keeps its worker thread ({@code pool-N-thread-1}, from the JDK's
 * default thread factory) ticking, asleep between ticks, and its wheel of 512 buckets: +40 timers
 * per step, 120 at the end.
 */
public final class IdleTimeouts {
  static void connection(int id) {
    HashedWheelTimer timer = new HashedWheelTimer();
    Timeout idle =
        timer.newTimeout(
            t -> System.out.println("connection " + id + " idle"), 10, TimeUnit.MINUTES);
    // the connection does its work and closes: its timeout is cancelled, its timer forgotten
    idle.cancel();
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    int id = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 40; i++, id++) {
        connection(id);
      }
      Thread.sleep(300); // the new timers' threads have started and ticked
      dumps.take(dump);
    }
    System.exit(0); // the timers' threads are not daemons
  }

  private IdleTimeouts() {}
}
