package corpus.app.pipeline;

import corpus.support.HeapDumps;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Healthy: events handed to a slow writer through a bounded queue of 5,000 ({@link #PENDING});
 * producers faster than the writer wait when it is full (back-pressure), so the queue is full at
 * every dump, and no fuller. About 1.5 s of events before each dump.
 */
public final class BoundedHandoff {
  static final BlockingQueue<Event> PENDING = new ArrayBlockingQueue<>(5_000);

  /** One event to write. */
  record Event(String source, String payload, long at) {}

  static volatile long written;

  public static void main(String[] args) throws InterruptedException {
    HeapDumps dumps = HeapDumps.from(args);
    Thread writer =
        new Thread(
            () -> {
              try {
                while (true) {
                  Event e = PENDING.take();
                  Thread.sleep(1); // the slow store
                  written += e.payload().length();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "event-writer");
    writer.setDaemon(true);
    writer.start();
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      long until = System.nanoTime() + 1_500_000_000L;
      while (System.nanoTime() < until) {
        Event e =
            new Event("source-" + (n % 40), "payload of event " + n + " " + "x".repeat(64), n);
        n++;
        PENDING.offer(e, 5, TimeUnit.MILLISECONDS); // waits while full; dropped if still full
      }
      dumps.take(dump);
    }
    System.out.println("written " + written);
  }

  private BoundedHandoff() {}
}
