package corpus.app.chains;

import corpus.support.HeapDumps;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Leak through recursion in {@code thenCompose}: a client polls an export's status until it is
 * done, each poll composed on the one before ({@code poll().thenCompose(s -> s.done ? done :
 * pollUntilDone())}). The export never finishes, and each level's future waits on the next one's:
 * the chain of futures from the first poll to the newest grows by one link per poll, +6,000 per
 * step. The newest poll in flight holds the whole chain.
 */
public final class StatusPolling {
  /** An export's status as the server reports it. */
  record Status(String export, int attempt, boolean done) {}

  /** The status request in flight, answered by the "server" (the main thread). */
  static final AtomicReference<CompletableFuture<Status>> IN_FLIGHT = new AtomicReference<>();

  static CompletableFuture<Status> fetchStatus() {
    CompletableFuture<Status> reply = new CompletableFuture<>();
    IN_FLIGHT.set(reply);
    return reply;
  }

  static CompletableFuture<Status> pollUntilDone(String export) {
    return fetchStatus()
        .thenCompose(s -> s.done() ? CompletableFuture.completedFuture(s) : pollUntilDone(export));
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    CompletableFuture<Status> finished = pollUntilDone("export-7");
    int attempt = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 6_000; i++, attempt++) {
        IN_FLIGHT.get().complete(new Status("export-7", attempt, false)); // still running
      }
      dumps.take(dump);
    }
    System.out.println("attempts " + attempt + " done " + finished.isDone());
  }

  private StatusPolling() {}
}
