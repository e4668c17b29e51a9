package corpus.app.ingest;

import corpus.support.HeapDumps;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Leak: click events are handed from the request threads to one writer thread through an unbounded
 * queue ({@link #PENDING}); the writer stores each in a database that takes a few milliseconds per
 * write, slower than clicks arrive, and nothing pushes back. The queue grows by about 3,000 events
 * per step.
 */
public final class ClickIngest {
  /** The hand-off to the writer: no bound, so no back-pressure. */
  static final BlockingQueue<ClickEvent> PENDING = new LinkedBlockingQueue<>();

  /** One click, as the request thread saw it. */
  record ClickEvent(String session, String page, String referrer, long at) {}

  private static volatile long written;

  static void writer() {
    try {
      while (true) {
        ClickEvent event = PENDING.take();
        Thread.sleep(2); // the database's write
        written += event.page().length();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    Thread writer = new Thread(ClickIngest::writer, "click-writer");
    writer.setDaemon(true);
    writer.start();
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      long until = System.nanoTime() + 1_000_000_000L;
      while (System.nanoTime() < until) {
        for (int i = 0; i < 40; i++, n++) {
          PENDING.add(
              new ClickEvent(
                  "session-" + (n % 5_000),
                  "/products/" + n + "?ref=campaign-" + (n % 40),
                  "https://search.example/q=" + n,
                  System.currentTimeMillis()));
        }
        Thread.sleep(10);
      }
      dumps.take(dump);
    }
  }

  private ClickIngest() {}
}
