package corpus.app.reactive;

import corpus.support.HeapDumps;
import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * Leak through Project Reactor's schedulers: each dashboard request starts a refresh every minute
 * with {@code Flux.interval(...).subscribe(...)} and drops the {@code Disposable}, so the parallel
 * scheduler's workers keep every periodic task, and through it every {@link Dashboard}: +1,000 per
 * step. Nothing of the application holds the dashboards.
 */
public final class TickerService {
  /** One client's dashboard: what it refreshes, and its last rendering. */
  static final class Dashboard {
    final String client;
    final long[] lastValues = new long[64];
    String rendered = "";

    Dashboard(String client) {
      this.client = client;
    }

    void refresh(long tick) {
      lastValues[(int) (tick % lastValues.length)] = tick;
      rendered = client + " @" + tick;
    }
  }

  static void open(int request) {
    Dashboard dashboard = new Dashboard("client-" + request);
    Flux.interval(Duration.ofMinutes(1)).subscribe(dashboard::refresh);
    // the Disposable is dropped: the page is closed and the refresh goes on
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int requests = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 1_000; i++, requests++) {
        open(requests);
      }
      dumps.take(dump);
    }
    System.exit(0); // the scheduler's threads are daemons, but say it
  }

  private TickerService() {}
}
