package corpus.app.timers;

import corpus.support.HeapDumps;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Healthy, if wasteful: each login session gets a {@link Timer} of its own to expire it after 30
 * minutes; on logout the expiry task is cancelled, and the timer is dropped without being
 * cancelled. The timer's thread ({@code Timer-N}) waits for the cancelled task's time, but once the
 * timer object is collected the JDK wakes the thread, which drops the cancelled task and ends: each
 * dump holds only the last step's 40 timers, none left from the dump before.
 */
public final class SessionExpiry {
  static final Map<String, UserSession> OPEN = new ConcurrentHashMap<>();

  /** A logged-in user's session. */
  static final class UserSession {
    final String id;
    final StringBuilder history = new StringBuilder();

    UserSession(String id) {
      this.id = id;
      for (int page = 0; page < 40; page++) {
        history.append("/catalog/page/").append(page).append('?').append(id).append('\n');
      }
    }
  }

  static TimerTask login(String id) {
    UserSession session = new UserSession(id);
    OPEN.put(id, session);
    Timer timer = new Timer(true); // one timer (and thread) per session: wasteful
    TimerTask expiry =
        new TimerTask() {
          @Override
          public void run() {
            OPEN.remove(session.id);
          }
        };
    timer.schedule(expiry, 30 * 60_000L);
    return expiry;
  }

  static void logout(String id, TimerTask expiry) {
    expiry.cancel();
    OPEN.remove(id);
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 40; i++, n++) {
        String id = "session-" + n;
        logout(id, login(id));
      }
      Thread.sleep(300);
      dumps.take(dump);
    }
  }

  private SessionExpiry() {}
}
