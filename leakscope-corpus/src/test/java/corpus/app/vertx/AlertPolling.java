package corpus.app.vertx;

import corpus.support.HeapDumps;
import io.vertx.core.Vertx;

/**
 * Leak through Vert.x 5: each alert subscription starts a periodic timer ({@code
 * vertx.setPeriodic}) that polls the alert's source every minute; unsubscribing forgets the timer's
 * id instead of cancelling it ({@code vertx.cancelTimer}), so Vert.x keeps every timer and the
 * handler's subscription: +1,500 per step.
 */
public final class AlertPolling {
  static final Vertx VERTX = Vertx.vertx();

  /** One user's subscription to an alert. */
  static final class AlertSubscription {
    final String user;
    final String query;
    int polls;

    AlertSubscription(String user, String query) {
      this.user = user;
      this.query = query;
    }
  }

  static void subscribe(int n) {
    AlertSubscription s =
        new AlertSubscription("user-" + n, "price(SYM" + (n % 40) + ") > " + (100 + n % 50));
    VERTX.setPeriodic(60_000, id -> s.polls++); // the id is dropped: never cancelled
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 1_500; i++, n++) {
        subscribe(n);
      }
      Thread.sleep(300);
      dumps.take(dump);
    }
    VERTX.close().toCompletionStage().toCompletableFuture().get();
  }

  private AlertPolling() {}
}
