package corpus.app.net;

import corpus.support.HeapDumps;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.ExecutionException;

/**
 * Leak through Netty: each quote feed a customer subscribes to gets an event loop group of its own
 * (one thread), to keep feeds apart, and the group is never shut down when the feed ends. Each
 * group's thread stays, idle in its selector, with the group's memory and a thread stack: +40
 * groups per step, 120 at the end.
 */
public final class QuoteFeeds {
  static void subscribe(int customer) throws InterruptedException, ExecutionException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    // the feed's first task starts the group's thread; the feed then ends, the group stays
    group.submit(() -> "quotes for customer " + customer).get();
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    int customer = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 40; i++, customer++) {
        subscribe(customer);
      }
      awaitSelecting();
      dumps.take(dump);
    }
    System.exit(0); // the groups' threads are not daemons
  }

  /**
   * Waits (10 s at most) until every group's thread is back in its selector, as a feed's would be
   * long after it ended: a thread still finishing its first task is not idle yet.
   */
  static void awaitSelecting() throws InterruptedException {
    long end = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < end) {
      boolean all = true;
      for (var e : Thread.getAllStackTraces().entrySet()) {
        StackTraceElement[] stack = e.getValue();
        if (e.getKey().getName().startsWith("multiThreadIoEventLoopGroup-")
            && (stack.length == 0 || !stack[0].getClassName().startsWith("sun.nio.ch."))) {
          all = false;
        }
      }
      if (all) {
        return;
      }
      Thread.sleep(20);
    }
  }

  private QuoteFeeds() {}
}
