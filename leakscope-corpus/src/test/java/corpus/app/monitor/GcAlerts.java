package corpus.app.monitor;

import com.sun.management.GarbageCollectionNotificationInfo;
import corpus.support.HeapDumps;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Leak: each monitoring session a user opens adds a listener for garbage collections to the JVM's
 * collector MBeans ({@link NotificationEmitter#addNotificationListener}), to chart pauses for that
 * session, and closing the session never removes it. The platform's MBeans keep every listener, and
 * each its session's chart: +500 per step.
 */
public final class GcAlerts {
  /** One user's monitoring session: a chart of recent pauses. */
  static final class PauseChart {
    final String user;
    final long[] pauses = new long[128];
    int next;

    PauseChart(String user) {
      this.user = user;
    }
  }

  static void openSession(int n) {
    PauseChart chart = new PauseChart("user-" + n);
    NotificationListener listener =
        (notification, handback) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
              notification.getType())) {
            GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            chart.pauses[chart.next++ % chart.pauses.length] = info.getGcInfo().getDuration();
          }
        };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(listener, null, null); // never removed
    }
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 500; i++, n++) {
        openSession(n);
      }
      dumps.take(dump);
    }
  }

  private GcAlerts() {}
}
