package corpus.app.reactive;

import corpus.support.HeapDumps;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Sinks;

/**
 * Leak through Project Reactor: a hot stream of prices (a multicast {@link Sinks.Many}) that each
 * client's request subscribes to with a filter and a callback, and the {@code Disposable} that
 * {@code subscribe} returns is dropped, so the sink keeps every subscriber, and through it every
 * {@link PriceWatcher}: +1,500 per step.
 */
public final class PriceStream {
  /** The hot stream every watcher subscribes to. */
  static final Sinks.Many<Double> PRICES = Sinks.many().multicast().directBestEffort();

  /** What one client's request watches for: a threshold and the prices it has seen cross it. */
  static final class PriceWatcher {
    final String client;
    final double threshold;
    final List<Double> alerts = new ArrayList<>();
    final StringBuilder note = new StringBuilder(256);

    PriceWatcher(String client, double threshold) {
      this.client = client;
      this.threshold = threshold;
      note.append("watching for ").append(client).append(" above ").append(threshold);
    }

    void alert(double price) {
      if (alerts.size() < 8) {
        alerts.add(price);
      }
    }
  }

  static void watch(int request) {
    PriceWatcher watcher = new PriceWatcher("client-" + request, 90 + request % 20);
    PRICES.asFlux().filter(price -> price > watcher.threshold).subscribe(watcher::alert);
    // the Disposable is dropped: the request ends and the subscription stays
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int requests = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 1_500; i++, requests++) {
        watch(requests);
        if (i % 100 == 0) {
          PRICES.tryEmitNext(80.0 + i % 40);
        }
      }
      dumps.take(dump);
    }
  }

  private PriceStream() {}
}
