package corpus.app.startup;

import corpus.support.HeapDumps;
import java.util.concurrent.CompletableFuture;

/**
 * Leak through a future that never completes: a search gateway defers each query until its index is
 * warmed up ({@code INDEX_READY.thenRun(...)}), but the warm-up failed and nobody completes the
 * future. Each query's deferred stage, and the query it captures, waits on the future forever:
 * +2,000 per step.
 */
public final class SearchGateway {
  static final CompletableFuture<Void> INDEX_READY = new CompletableFuture<>();

  /** One deferred query. */
  static final class Query {
    final String text;
    final long user;
    final byte[] filters = new byte[160];

    Query(String text, long user) {
      this.text = text;
      this.user = user;
    }
  }

  static void search(Query query) {
    INDEX_READY.thenRun(() -> run(query));
  }

  static void run(Query query) {
    if (query.filters.length < 0) {
      throw new IllegalStateException(query.text);
    }
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    long user = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 2_000; i++, user++) {
        search(new Query("shoes size " + (36 + i % 12) + " user " + user, user));
      }
      dumps.take(dump);
    }
  }

  private SearchGateway() {}
}
