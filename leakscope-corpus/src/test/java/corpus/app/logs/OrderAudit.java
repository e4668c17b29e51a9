package corpus.app.logs;

import corpus.support.HeapDumps;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Leak through {@code java.util.logging}: a logger named after each order ({@code orders.<id>}),
 * used once and dropped. The JDK's log manager holds its loggers by weak references, so each logger
 * is collected, but it keeps a node for each name in its tree of logger names (the names, and the
 * nodes), for good: +3,000 per step.
 */
public final class OrderAudit {
  static void audit(int order) {
    Logger log = Logger.getLogger("orders." + order);
    log.log(Level.FINE, "order {0} audited", order);
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    int order = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, order++) {
        audit(order);
      }
      dumps.take(dump);
    }
  }

  private OrderAudit() {}
}
