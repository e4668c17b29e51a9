package corpus.app;

import corpus.support.HeapDumps;

/**
 * Leak: a login service that keeps every session in an unbounded Caffeine cache keyed by the
 * request id ({@link SessionStore#SESSIONS}); 4,000 more sessions between dumps.
 */
public final class SessionService {
  private static int requests;

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    for (int dump = 1; dump <= 3; dump++) {
      serve(4_000);
      dumps.take(dump);
    }
  }

  static void serve(int count) {
    for (int i = 0; i < count; i++) {
      String requestId = "req-" + (requests++);
      Session session = new Session(requestId, "user-" + (requests % 500), System.nanoTime());
      SessionStore.SESSIONS.put(requestId, session);
      if (SessionStore.SESSIONS.getIfPresent(requestId) == null) {
        throw new IllegalStateException("lost session " + requestId);
      }
    }
  }

  private SessionService() {}
}
