package corpus.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/** A feed of prices that {@link Watchlist}s subscribe to, with a lambda per subscription. */
public final class PriceFeed {
  /** The leak: subscriptions are added per watchlist and never removed. */
  static final List<LongConsumer> SUBSCRIBERS = new CopyOnWriteArrayList<>();

  static void publish(long price) {
    for (LongConsumer s : SUBSCRIBERS) {
      s.accept(price);
    }
  }

  private PriceFeed() {}
}
