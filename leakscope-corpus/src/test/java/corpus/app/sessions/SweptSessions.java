package corpus.app.sessions;

import corpus.support.HeapDumps;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Healthy: sessions in a plain map ({@link #SESSIONS}), each with its last access; a sweeper on a
 * scheduled executor removes those idle for more than 400 ms, every 100 ms. Requests come at a
 * steady rate and each session is used once, so the map holds about 400 ms of sessions. About 2,000
 * new sessions per second, for 1.5 s before each dump.
 */
public final class SweptSessions {
  /** A session and when it was last used. */
  static final class WebSession {
    final String id;
    final byte[] attributes = new byte[300];
    volatile long lastAccess = System.nanoTime();

    WebSession(String id) {
      this.id = id;
    }
  }

  static final Map<String, WebSession> SESSIONS = new ConcurrentHashMap<>();

  static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor();

  static void sweep() {
    long idleSince = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(400);
    SESSIONS.values().removeIf(s -> s.lastAccess < idleSince);
  }

  public static void main(String[] args) throws InterruptedException {
    HeapDumps dumps = HeapDumps.from(args);
    SWEEPER.scheduleWithFixedDelay(SweptSessions::sweep, 100, 100, TimeUnit.MILLISECONDS);
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      long until = System.nanoTime() + 1_500_000_000L;
      while (System.nanoTime() < until) {
        for (int i = 0; i < 20; i++, n++) {
          SESSIONS.put("s-" + n, new WebSession("s-" + n));
        }
        Thread.sleep(10);
      }
      dumps.take(dump);
    }
    System.out.println("sessions " + SESSIONS.size());
    SWEEPER.shutdownNow();
  }

  private SweptSessions() {}
}
