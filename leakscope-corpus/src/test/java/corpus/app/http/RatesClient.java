package corpus.app.http;

import corpus.support.HeapDumps;
import corpus.support.LoopbackServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Leak through OkHttp: each request to a rates service builds a new {@link OkHttpClient} (its own
 * connection pool) instead of sharing one, and the pool keeps the request's connection alive for
 * five minutes, with its socket and buffers, after the client is dropped: +600 connections per
 * step. The service runs in a JVM of its own ({@link LoopbackServer}).
 */
public final class RatesClient {
  static String rate(int port, int request) throws Exception {
    OkHttpClient client = new OkHttpClient(); // one per request: the mistake
    Request get =
        new Request.Builder().url("http://127.0.0.1:" + port + "/rates/" + request % 50).build();
    try (Response response = client.newCall(get).execute()) {
      return response.body().string();
    }
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    try (LoopbackServer server = LoopbackServer.start()) {
      int requests = 0;
      for (int dump = 1; dump <= 3; dump++) {
        for (int i = 0; i < 600; i++, requests++) {
          rate(server.port(), requests);
        }
        dumps.take(dump);
      }
    }
    System.exit(0); // OkHttp's task threads end on their own, a minute later
  }

  private RatesClient() {}
}
