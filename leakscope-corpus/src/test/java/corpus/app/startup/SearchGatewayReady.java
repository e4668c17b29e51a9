package corpus.app.startup;

import corpus.support.HeapDumps;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Healthy: the same gateway whose index warms up on a worker and completes its future; queries made
 * before that wait on it and run once it is done, later ones run at once. Each step, 2,000 queries,
 * each an asynchronous stage that completes.
 */
public final class SearchGatewayReady {
  static final ExecutorService WARM_UP = Executors.newSingleThreadExecutor();
  static final CompletableFuture<Void> INDEX_READY =
      CompletableFuture.runAsync(SearchGatewayReady::warmUp, WARM_UP);

  static final class Query {
    final String text;
    final byte[] filters = new byte[160];

    Query(String text) {
      this.text = text;
    }
  }

  static void warmUp() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static CompletableFuture<Integer> search(Query query) {
    return INDEX_READY.thenApply(ready -> query.text.length() + query.filters.length);
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    for (int dump = 1; dump <= 3; dump++) {
      List<CompletableFuture<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        answers.add(search(new Query("boots size " + (36 + i % 12))));
      }
      answers.forEach(CompletableFuture::join);
      dumps.take(dump);
    }
    WARM_UP.shutdown();
  }

  private SearchGatewayReady() {}
}
