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
      dumps.take(dump);
    }
    System.exit(0); // the groups' threads are not daemons
  }

  private QuoteFeeds() {}
}
