package corpus.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/** How the corpus's Vert.x programs serve: a router on a free loopback port. */
public final class LoopbackVertx {
  private LoopbackVertx() {}

  /** Serves {@code router} on 127.0.0.1 and returns requests to it. */
  public static LocalRequests serve(Vertx vertx, Router router) throws Exception {
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    return new LocalRequests(server.actualPort());
  }
}
