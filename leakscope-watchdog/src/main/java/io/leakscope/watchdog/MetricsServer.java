package io.leakscope.watchdog;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Serves a {@link Watchdog}'s {@link MetricFamily metrics} at {@value #PATH} for Prometheus, on the
 * JDK's built-in HTTP server: the text exposition format 0.0.4, or OpenMetrics 1.0 when the {@code
 * Accept} header asks for {@code application/openmetrics-text} (as Prometheus does).
 *
 * <p>Metrics only: no heap content, histogram, thread stack or file name, so no token is needed and
 * it may be bound to an address reachable from outside a pod, which is what a Prometheus scrape
 * needs. Every other path is 404, every method but GET and HEAD 405. The server binds exactly the
 * address given.
 *
 * <p>A scrape reads the watchdog's latest immutable verdict and signals and writes about 3 KB of
 * text; it runs nothing on application threads and never triggers a collection or a capture.
 *
 * <p>Threads: one daemon thread {@value #THREAD_NAME} answers, with a queue of 8 (beyond, the JDK's
 * dispatcher thread answers itself); the dispatcher is a daemon too ({@link DaemonHttp}), so an
 * unclosed server does not keep the JVM alive. Thread-safe.
 */
public final class MetricsServer implements AutoCloseable {

  /** The one path served. */
  public static final String PATH = "/metrics";

  /** Name of the thread that answers scrapes. */
  public static final String THREAD_NAME = "leakscope-metrics";

  private final Watchdog watchdog;
  private final List<MetricSeries> series;
  private final HttpServer server;
  private final ThreadPoolExecutor executor;

  private MetricsServer(Watchdog watchdog, HttpServer server, ThreadPoolExecutor executor) {
    this.watchdog = watchdog;
    this.series = MetricSeries.of(watchdog.latestSignals());
    this.server = server;
    this.executor = executor;
  }

  /**
   * Serves {@value #PATH} for this watchdog, bound to exactly {@code address}.
   *
   * @param watchdog not null
   * @param address not null; port 0 picks a free port (see {@link #address()})
   * @return the running server; close it to stop
   * @throws IOException when the address cannot be bound
   * @throws UnsupportedOperationException when the module {@code jdk.httpserver} is not in this
   *     runtime
   */
  public static MetricsServer start(Watchdog watchdog, InetSocketAddress address)
      throws IOException {
    Objects.requireNonNull(watchdog, "watchdog");
    Objects.requireNonNull(address, "address");
    if (!JdkManagement.readable("jdk.httpserver")) {
      throw new UnsupportedOperationException(
          "module jdk.httpserver is not in this runtime: no metrics endpoint");
    }
    ThreadPoolExecutor executor = DaemonHttp.executor(THREAD_NAME, 1, 8);
    MetricsServer metrics;
    try {
      HttpServer server = HttpServer.create(address, 0);
      metrics = new MetricsServer(watchdog, server, executor);
      server.createContext("/", metrics::handle);
      server.setExecutor(executor);
    } catch (IOException | RuntimeException e) {
      executor.shutdownNow();
      throw e;
    }
    try {
      DaemonHttp.start(metrics.server, THREAD_NAME);
    } catch (IOException e) {
      metrics.close();
      throw e;
    }
    return metrics;
  }

  /** The bound address: the real port when 0 was asked for. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** The exposition of the watchdog's latest verdict and signals, in one format or the other. */
  String scrape(boolean openMetrics) {
    double[] values = MetricSeries.values(series, watchdog);
    return Exposition.write(Exposition.families(series, values), openMetrics);
  }

  /** Stops serving at once and frees the port; idempotent. The watchdog is not closed. */
  @Override
  public void close() {
    if (!executor.isShutdown()) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      if (!PATH.equals(exchange.getRequestURI().getRawPath())) {
        answer(exchange, 404, "text/plain; charset=utf-8", "not found; metrics are at /metrics\n");
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        answer(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
      } else {
        List<String> accept = exchange.getRequestHeaders().get("Accept");
        boolean openMetrics =
            Exposition.wantsOpenMetrics(accept == null ? null : String.join(",", accept));
        answer(
            exchange,
            200,
            openMetrics ? Exposition.OPENMETRICS : Exposition.TEXT,
            scrape(openMetrics));
      }
    } finally {
      // On an exception of ours the client sees the connection end; nothing else is disturbed.
      exchange.close();
    }
  }

  private static void answer(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      exchange.getResponseBody().write(bytes);
    }
  }
}
