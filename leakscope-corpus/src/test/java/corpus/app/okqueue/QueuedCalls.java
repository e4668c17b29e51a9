package corpus.app.okqueue;

import corpus.support.HeapDumps;
import corpus.support.LoopbackServer;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Leak through OkHttp's dispatcher: order updates are sent with {@code enqueue} to a partner that
 * has stopped answering, on a client with no read or call timeout (OkHttp's default read timeout is
 * 10 s; this client sets none). The dispatcher runs 5 calls per host and queues the rest: every
 * later update waits in its queue with its callback and the order it carries, +1,000 per step.
 */
public final class QueuedCalls {
  static final OkHttpClient CLIENT =
      new OkHttpClient.Builder().readTimeout(0, TimeUnit.SECONDS).build();

  /** What a call reports back to: the order it sends. */
  static final class OrderCallback implements Callback {
    final String order;
    final byte[] payload = new byte[300];

    OrderCallback(String order) {
      this.order = order;
    }

    @Override
    public void onFailure(Call call, IOException e) {
      payload[0] = 1;
    }

    @Override
    public void onResponse(Call call, Response response) {
      response.close();
    }
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    try (LoopbackServer partner = LoopbackServer.start()) {
      int n = 0;
      for (int dump = 1; dump <= 3; dump++) {
        for (int i = 0; i < 1_000; i++, n++) {
          Request request =
              new Request.Builder()
                  .url("http://127.0.0.1:" + partner.port() + "/hang/orders/" + n)
                  .build();
          CLIENT.newCall(request).enqueue(new OrderCallback("order-" + n));
        }
        Thread.sleep(500);
        dumps.take(dump);
      }
    }
    System.exit(0); // the hung calls would keep the JVM alive
  }

  private QueuedCalls() {}
}
