package corpus.app;

import corpus.support.HeapDumps;

/**
 * Leak (listeners as lambdas): each request opens a {@code Watchlist} that subscribes to the {@link
 * PriceFeed} with a lambda capturing the watchlist, and is closed without unsubscribing; the lambda
 * keeps the watchlist and its recent prices alive: +1,000 per step.
 */
public final class Watchlist {
  private final String owner;
  private final long[] recent = new long[64];
  private int next;

  Watchlist(String owner) {
    this.owner = owner;
    PriceFeed.SUBSCRIBERS.add(price -> onPrice(price));
  }

  private void onPrice(long price) {
    recent[next++ % recent.length] = price;
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int opened = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 1_000; i++, opened++) {
        Watchlist w = new Watchlist("user-" + opened);
        PriceFeed.publish(100 + opened);
        w.next = 0; // the request ends here: the watchlist is dropped, its subscription is not
      }
      System.out.println("subscribers " + PriceFeed.SUBSCRIBERS.size());
      dumps.take(dump);
    }
  }
}
