package corpus.app.wheel;

import corpus.support.HeapDumps;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.util.concurrent.TimeUnit;

/**
 * Leak through Netty's {@link HashedWheelTimer}: each request schedules an idle timeout of an hour
 * on the service's one timer, and the request's end never cancels it. Each pending timeout keeps
 * its task and the request's context: +3,000 per step.
 */
public final class PendingTimeouts {
  static final HashedWheelTimer TIMER = new HashedWheelTimer();

  /** What the timeout would close. */
  static final class RequestContext {
    final String request;
    final byte[] state = new byte[300];

    RequestContext(String request) {
      this.request = request;
    }
  }

  static Timeout serve(int n) {
    RequestContext context = new RequestContext("request-" + n);
    return TIMER.newTimeout(t -> context.state[0] = 1, 1, TimeUnit.HOURS); // never cancelled
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, n++) {
        serve(n);
      }
      HeapDumps.pause(300); // the wheel's thread moves the new timeouts into its buckets
      dumps.take(dump);
    }
    System.out.println("pending " + TIMER.pendingTimeouts());
    TIMER.stop();
  }

  private PendingTimeouts() {}
}
