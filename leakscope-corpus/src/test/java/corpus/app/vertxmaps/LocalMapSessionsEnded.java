package corpus.app.vertxmaps;

import corpus.support.HeapDumps;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;

/**
 * Healthy: sessions in a Vert.x local map, each removed at logout; about 500 are open at any time,
 * 3,000 logins and logouts before each dump.
 */
public final class LocalMapSessionsEnded {
  static final Vertx VERTX = Vertx.vertx();

  static final int OPEN = 500;

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    LocalMap<String, JsonObject> sessions = VERTX.sharedData().getLocalMap("sessions");
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, n++) {
        sessions.put(
            "session-" + n,
            new JsonObject().put("user", "user-" + n).put("token", "t".repeat(200) + n));
        if (n >= OPEN) {
          sessions.remove("session-" + (n - OPEN)); // logout
        }
      }
      dumps.take(dump);
    }
    System.out.println("sessions " + sessions.size());
    VERTX.close().toCompletionStage().toCompletableFuture().get();
  }

  private LocalMapSessionsEnded() {}
}
