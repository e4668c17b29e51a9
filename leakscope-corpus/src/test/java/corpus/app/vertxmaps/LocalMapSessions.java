package corpus.app.vertxmaps;

import corpus.support.HeapDumps;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;

/**
 * Leak through Vert.x shared data: each login puts its session (a {@link JsonObject}) in the local
 * map {@code "sessions"}, and nothing removes it at logout: +3,000 per step. The program keeps its
 * {@link Vertx} in a static field, as services do.
 */
public final class LocalMapSessions {
  static final Vertx VERTX = Vertx.vertx();

  static void login(int n) {
    LocalMap<String, JsonObject> sessions = VERTX.sharedData().getLocalMap("sessions");
    sessions.put(
        "session-" + n,
        new JsonObject()
            .put("user", "user-" + n)
            .put("roles", "reader,writer")
            .put("token", "t".repeat(200) + n));
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, n++) {
        login(n); // the bug: logout never removes the session
      }
      dumps.take(dump);
    }
    System.out.println("sessions " + VERTX.sharedData().getLocalMap("sessions").size());
    VERTX.close().toCompletionStage().toCompletableFuture().get();
  }

  private LocalMapSessions() {}
}
