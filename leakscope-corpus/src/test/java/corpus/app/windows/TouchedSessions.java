package corpus.app.windows;

import corpus.support.HeapDumps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Leak: sessions in a plain map that nothing ever removes, each touched again and again (its last
 * access time and hit count updated in place). It grows slowly, about 8% a step: 6,000 sessions,
 * then 500 more before each dump, while requests keep touching the old ones.
 */
public final class TouchedSessions {
  /** A session, its user and its usage. */
  static final class Session {
    final String id;
    final String user;
    final byte[] attributes = new byte[256];
    volatile long lastAccess = System.nanoTime();
    volatile int hits;

    Session(String id, String user) {
      this.id = id;
      this.user = user;
    }
  }

  static final Map<String, Session> SESSIONS = new ConcurrentHashMap<>();

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    List<String> ids = new ArrayList<>();
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      int target = 6_000 + 500 * dump;
      while (ids.size() < target) {
        String id = "sid-" + n;
        SESSIONS.put(id, new Session(id, "user-" + (n % 700)));
        ids.add(id);
        n++;
      }
      for (int i = 0; i < 40_000; i++) {
        Session s = SESSIONS.get(ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
        s.lastAccess = System.nanoTime();
        s.hits++;
      }
      dumps.take(dump);
    }
    System.out.println("sessions " + SESSIONS.size());
  }

  private TouchedSessions() {}
}
