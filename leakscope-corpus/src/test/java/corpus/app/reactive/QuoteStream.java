package corpus.app.reactive;

import corpus.support.HeapDumps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Healthy, on Project Reactor: each request subscribes to a hot stream of quotes and starts a
 * periodic refresh, and disposes of both when it ends; the last 200 requests' subscriptions are
 * still open at each dump (the sessions in progress). The same 1,500 requests before each dump.
 */
public final class QuoteStream {
  static final Sinks.Many<Double> QUOTES = Sinks.many().multicast().directBestEffort();
  static final List<Disposable> OPEN = new ArrayList<>();

  static void request(int n) {
    double[] last = new double[8];
    Disposable quotes = QUOTES.asFlux().subscribe(q -> last[n % last.length] = q);
    Disposable refresh = Flux.interval(Duration.ofMinutes(1)).subscribe(t -> last[0] = t);
    OPEN.add(quotes);
    OPEN.add(refresh);
    while (OPEN.size() > 400) { // the oldest session ends: both of its subscriptions go
      OPEN.remove(0).dispose();
    }
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int requests = 0;
    for (int dump = 0; dump <= 3; dump++) {
      for (int i = 0; i < 1_500; i++, requests++) {
        request(requests);
        if (i % 100 == 0) {
          QUOTES.tryEmitNext(100.0 + i % 7);
        }
      }
      if (dump > 0) {
        dumps.take(dump);
      }
    }
    System.exit(0);
  }

  private QuoteStream() {}
}
