package corpus.app.calls;

import corpus.support.HeapDumps;
import corpus.support.LoopbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Leak (threads): reservations run on a cached thread pool and go through one {@code synchronized}
 * method of the shared {@link Inventory}, which asks the warehouse (a JVM of its own) over {@link
 * HttpURLConnection} with no read timeout. The warehouse has stopped answering: the first
 * reservation waits in its socket read for good, holding the lock, and every later one blocks on
 * the lock, each in a thread of its own: +40 threads per step, 120 at the end (one in the read, the
 * rest at the lock), each keeping its reservation.
 */
public final class InventoryLock {
  static final ExecutorService RESERVATIONS = Executors.newCachedThreadPool();

  /** What one reservation asks for. */
  record Reservation(String order, String sku, int quantity, String note) {}

  /** The shared inventory: one lock for every reservation. */
  static final class Inventory {
    private final int port;
    private int reserved;

    Inventory(int port) {
      this.port = port;
    }

    synchronized int reserve(Reservation reservation) throws IOException {
      HttpURLConnection connection =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + port + "/hang/reserve/" + reservation.sku())
                  .toURL()
                  .openConnection();
      // the bug: no read timeout, inside the lock
      try (InputStream in = connection.getInputStream()) {
        reserved += reservation.quantity();
        return in.readAllBytes().length;
      }
    }
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    try (LoopbackServer warehouse = LoopbackServer.start()) {
      Inventory inventory = new Inventory(warehouse.port());
      int n = 0;
      for (int dump = 1; dump <= 3; dump++) {
        for (int i = 0; i < 40; i++, n++) {
          Reservation r =
              new Reservation(
                  "order-" + n,
                  "sku-" + (n % 300),
                  1 + n % 4,
                  "gift wrap, deliver after 6 pm " + n);
          RESERVATIONS.submit(() -> inventory.reserve(r));
        }
        Thread.sleep(1_000);
        dumps.take(dump);
      }
    }
    System.exit(0); // the stuck threads would keep the JVM alive
  }

  private InventoryLock() {}
}
