package corpus.app.reactive;

import corpus.support.HeapDumps;
import reactor.core.publisher.Sinks;

/**
 * Leak through Project Reactor: the price feed is a replaying sink, {@code
 * Sinks.many().replay().all()}, so that a dashboard that subscribes late still sees the prices of
 * the day. A replay-all sink keeps every element it was ever given, for any subscriber to come:
 * +3,000 ticks per step.
 */
public final class PriceHistory {
  /** Every tick, replayed to each new subscriber: meant for the day, kept for good. */
  static final Sinks.Many<Tick> TICKS = Sinks.many().replay().all();

  /** One price tick. */
  record Tick(String symbol, double price, long at, String venue) {}

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    TICKS.asFlux().subscribe(tick -> {}); // the live dashboard
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, n++) {
        TICKS.tryEmitNext(
            new Tick(
                "SYM" + (n % 50), 100 + (n % 977) / 10.0, 1_700_000_000_000L + n, "venue-" + n));
      }
      dumps.take(dump);
    }
  }

  private PriceHistory() {}
}
