package corpus.app.feeds;

import corpus.support.HeapDumps;
import java.time.Duration;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Leak: a Reactor pipeline groups click events by user ({@code groupBy}) and batches each user's
 * clicks by 50 ({@code buffer(50)}). Users come and go, and a group never completes: each keeps its
 * partial batch, and the group itself, for good. +2,000 users per step, each with up to 49 clicks
 * waiting.
 */
public final class UserBatches {
  /** One click. */
  record Click(String user, String page, long at) {}

  static final Sinks.Many<Click> CLICKS = Sinks.many().multicast().directBestEffort();

  static long batches;

  static Disposable start() {
    return CLICKS
        .asFlux()
        .groupBy(Click::user, 64) // the bug: no end to a user's group
        .flatMap(user -> user.buffer(50), Integer.MAX_VALUE)
        .subscribe(batch -> batches++);
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    Disposable pipeline = start();
    int user = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 2_000; i++, user++) {
        for (int click = 0; click < 7; click++) {
          CLICKS.tryEmitNext(new Click("user-" + user, "/products/" + click, System.nanoTime()));
        }
      }
      dumps.take(dump);
    }
    System.out.println("batches " + batches + " " + pipeline.isDisposed());
    Flux.never().timeout(Duration.ofMillis(1)).onErrorComplete().blockLast();
  }

  private UserBatches() {}
}
