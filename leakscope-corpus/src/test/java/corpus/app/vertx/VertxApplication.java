package corpus.app.vertx;

import corpus.support.HeapDumps;
import corpus.support.LocalRequests;
import corpus.support.LoopbackVertx;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/**
 * Healthy (framework at rest): a Vert.x 5 web application (vertx-web router on Netty) on a free
 * loopback port, hit with 40 requests, then dumped at rest three times 2 s apart with only 3 health
 * checks between dumps.
 */
public final class VertxApplication {
  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router
        .get("/greeting")
        .handler(
            ctx ->
                ctx.json(new JsonObject().put("message", "hello").put("n", ctx.queryParam("n"))));
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    LocalRequests requests = LoopbackVertx.serve(vertx, router);
    requests.get("/greeting", 40);
    requests.get("/health", 3);
    HeapDumps.pause(1_000);
    for (int dump = 1; dump <= 3; dump++) {
      if (dump > 1) {
        requests.get("/health", 3);
        HeapDumps.pause(2_000);
      }
      dumps.take(dump);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private VertxApplication() {}
}
