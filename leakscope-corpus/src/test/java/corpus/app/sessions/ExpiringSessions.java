package corpus.app.sessions;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import corpus.support.HeapDumps;
import java.time.Duration;

/**
 * Healthy: login sessions in a Caffeine cache with no size bound but {@code expireAfterWrite(500
 * ms)}; logins come at a steady rate, so the cache holds about half a second's sessions at any
 * time, the expired ones swept as new ones are written. About 2,000 logins per second, for 1.5 s
 * before each dump.
 */
public final class ExpiringSessions {
  /** A logged-in user's session. */
  record LoginSession(String id, String user, byte[] token) {}

  static final Cache<String, LoginSession> SESSIONS =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofMillis(500)).build();

  public static void main(String[] args) throws InterruptedException {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      long until = System.nanoTime() + 1_500_000_000L;
      while (System.nanoTime() < until) {
        for (int i = 0; i < 20; i++, n++) {
          String id = "session-" + n;
          SESSIONS.put(id, new LoginSession(id, "user-" + (n % 3_000), new byte[256]));
        }
        Thread.sleep(10);
      }
      SESSIONS.cleanUp();
      dumps.take(dump);
    }
    System.out.println("sessions " + SESSIONS.estimatedSize());
  }

  private ExpiringSessions() {}
}
