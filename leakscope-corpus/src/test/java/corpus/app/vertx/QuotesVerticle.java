package corpus.app.vertx;

import corpus.support.HeapDumps;
import corpus.support.LocalRequests;
import corpus.support.LoopbackVertx;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/**
 * Leak through Vert.x's event bus: each request subscribes a {@link QuoteWatcher} consumer to the
 * quotes of its instrument and never unregisters it, so the event bus keeps every watcher: +1,500
 * per step (40 over HTTP, the rest through the same method on the event loop).
 */
public final class QuotesVerticle {
  /** One request's subscription, with what it renders into. */
  static final class QuoteWatcher implements io.vertx.core.Handler<Message<String>> {
    final String request;
    final byte[] view = new byte[300];

    QuoteWatcher(String request) {
      this.request = request;
    }

    @Override
    public void handle(Message<String> quote) {
      view[0] = (byte) quote.body().length();
    }
  }

  static void watch(Vertx vertx, String instrument, String request) {
    vertx.eventBus().consumer("quotes." + instrument, new QuoteWatcher(request));
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router
        .get("/watch")
        .handler(
            ctx -> {
              watch(vertx, ctx.queryParam("instrument").get(0), "web-" + ctx.queryParam("n"));
              ctx.json(new io.vertx.core.json.JsonObject().put("watching", true));
            });
    LocalRequests requests = LoopbackVertx.serve(vertx, router);
    int watched = 0;
    for (int dump = 1; dump <= 3; dump++) {
      requests.get("/watch?instrument=EURUSD", 40);
      int from = watched;
      vertx
          .<Void>executeBlocking(
              () -> {
                for (int i = 0; i < 1_460; i++) {
                  watch(vertx, "I" + (from + i) % 200, "request-" + (from + i));
                }
                return null;
              })
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      watched += 1_460;
      HeapDumps.pause(500);
      dumps.take(dump);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private QuotesVerticle() {}
}
