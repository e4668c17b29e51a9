package corpus.app.logs;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import corpus.support.HeapDumps;
import org.slf4j.LoggerFactory;

/**
 * Leak: each tenant's import captures its own log lines by attaching a Logback {@link ListAppender}
 * to the shared import logger, and never detaches it. Every appender stays on the logger, and each
 * keeps receiving (and keeping) every later line of every tenant: +60 appenders per step, their
 * lists growing too.
 */
public final class TenantAppenders {
  static final Logger IMPORTS = (Logger) LoggerFactory.getLogger("corpus.imports");

  static int importTenant(int tenant) {
    ListAppender<ILoggingEvent> capture = new ListAppender<>();
    capture.setName("tenant-" + tenant);
    capture.start();
    IMPORTS.addAppender(capture); // the bug: no detachAppender(capture) when the import is done
    for (int row = 0; row < 5; row++) {
      IMPORTS.info("tenant {} row {} imported from batch {}", tenant, row, tenant / 10);
    }
    return capture.list.size();
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    IMPORTS.setAdditive(false); // the console stays quiet; the captures are the only appenders
    int tenant = 0;
    long lines = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 60; i++, tenant++) {
        lines += importTenant(tenant);
      }
      dumps.take(dump);
    }
    System.out.println("lines " + lines);
  }

  private TenantAppenders() {}
}
