package corpus.app.chains;

import corpus.support.HeapDumps;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Healthy: the same polling as {@link StatusPolling}, but each poll starts the next one from its
 * callback ({@code thenAccept}), so no future waits on the next: only the poll in flight is held.
 * 6,000 polls before each dump.
 */
public final class StatusPollingLoop {
  record Status(String export, int attempt, boolean done) {}

  static final AtomicReference<CompletableFuture<Status>> IN_FLIGHT = new AtomicReference<>();

  static final CompletableFuture<Status> FINISHED = new CompletableFuture<>();

  static void poll(String export) {
    CompletableFuture<Status> reply = new CompletableFuture<>();
    IN_FLIGHT.set(reply);
    reply.thenAccept(
        s -> {
          if (s.done()) {
            FINISHED.complete(s);
          } else {
            poll(export);
          }
        });
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    poll("export-7");
    int attempt = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 6_000; i++, attempt++) {
        IN_FLIGHT.get().complete(new Status("export-7", attempt, false));
      }
      dumps.take(dump);
    }
    System.out.println("attempts " + attempt + " done " + FINISHED.isDone());
  }

  private StatusPollingLoop() {}
}
