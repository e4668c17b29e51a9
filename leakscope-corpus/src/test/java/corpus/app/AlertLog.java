package corpus.app;

import corpus.support.HeapDumps;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Leak through java.util.logging: a handler that keeps each warning it is given, so that an admin
 * page can show recent alerts, attached to the application's logger and never trimmed. The logger
 * keeps the handler and the handler every record, with its parameters: +1,500 records per step.
 */
public final class AlertLog {
  /** Keeps every record it publishes. */
  static final class RecentAlerts extends Handler {
    final List<LogRecord> records = new ArrayList<>();

    @Override
    public synchronized void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  static final Logger LOG = Logger.getLogger("corpus.app.alerts");

  static {
    LOG.setUseParentHandlers(false);
    LOG.addHandler(new RecentAlerts());
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int alert = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 1_500; i++, alert++) {
        LOG.log(
            Level.WARNING,
            "disk {0} at {1}% on host {2}",
            new Object[] {"sda" + alert % 4, 90 + alert % 10, "host-" + alert});
      }
      dumps.take(dump);
    }
  }

  private AlertLog() {}
}
