package corpus.app.logs;

import corpus.support.HeapDumps;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Healthy: a {@code java.util.logging} logger named after each order ({@code orders.<id>}), used
 * once and dropped. The JDK's log manager holds its loggers by weak references, so the loggers are
 * collected, and the stale references are cleared as new loggers are added; the same 3,000 orders'
 * loggers before each dump.
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
