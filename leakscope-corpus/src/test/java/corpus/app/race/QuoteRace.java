package corpus.app.race;

import corpus.support.HeapDumps;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Leak: a quote request asks three carriers at once through one shared {@link
 * ExecutorCompletionService} and takes the first answer; the two later answers are never taken. The
 * completion service's queue keeps every finished task and its quote: +2 quotes per request, +2,000
 * per step.
 */
public final class QuoteRace {
  static final ExecutorService CARRIERS = Executors.newFixedThreadPool(3);

  /** Shared by every request: finished tasks wait in its queue until someone takes them. */
  static final CompletionService<CarrierQuote> RACE = new ExecutorCompletionService<>(CARRIERS);

  /** One carrier's answer. */
  static final class CarrierQuote {
    final String carrier;
    final long cents;
    final List<String> legs = new ArrayList<>();

    CarrierQuote(String carrier, int request) {
      this.carrier = carrier;
      this.cents = 500 + request % 900;
      for (int leg = 0; leg < 4; leg++) {
        legs.add(carrier + " leg " + leg + " of request " + request);
      }
    }
  }

  static long cheapest(int request) throws Exception {
    for (String carrier : new String[] {"north", "south", "east"}) {
      RACE.submit(() -> new CarrierQuote(carrier, request));
    }
    return RACE.take().get().cents; // the bug: the other two answers stay in the queue
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    int request = 0;
    long total = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 1_000; i++, request++) {
        total += cheapest(request);
      }
      HeapDumps.pause(200);
      dumps.take(dump);
    }
    System.out.println("total " + total);
    CARRIERS.shutdown();
  }

  private QuoteRace() {}
}
