package io.leakscope.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator against a plain JDK HttpServer that counts what it receives. */
class LoadGeneratorTest {

  private HttpServer server;
  private final Set<String> queries = ConcurrentHashMap.newKeySet();
  private final AtomicInteger hits = new AtomicInteger();
  private volatile int status = 200;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext(
        "/quote",
        exchange -> {
          hits.incrementAndGet();
          queries.add(exchange.getRequestURI().getQuery());
          byte[] body = "{}".getBytes();
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void sendsExactlyTheRequestCountEachWithANewCustomer() throws Exception {
    LoadGenerator.Result result =
        new LoadGenerator(new LoadGenerator.Settings(url(), 5, null, 2500, 0)).run();
    assertThat(result.requests()).isEqualTo(2500);
    assertThat(result.errors()).isZero();
    // every request reached the server, each with its own customer. The JDK's HttpClient may send
    // a GET again on its own when a kept-alive connection closes before the answer is read (seen
    // once in CI: 2,501 hits for 2,500 answers), so here and below the hits may exceed the
    // answers by a few.
    assertThat(queries).hasSize(2500);
    assertThat(hits.get()).isBetween(2500, 2510);
    assertThat(queries).contains("symbol=SYM0&customer=c0", "symbol=SYM1999&customer=c1999");
    assertThat(queries).contains("symbol=SYM0&customer=c2000", "symbol=SYM499&customer=c2499");
    assertThat(result.line()).startsWith("RESULT requests=2500 errors=0 seconds=");
  }

  @Test
  void otherStatusesAreErrors() throws Exception {
    status = 500;
    LoadGenerator.Result result =
        new LoadGenerator(new LoadGenerator.Settings(url(), 2, null, 30, 0)).run();
    assertThat(result.requests()).isZero();
    assertThat(result.errors()).isEqualTo(30);
  }

  @Test
  void refusedConnectionsAreErrorsNotExceptions() throws Exception {
    server.stop(0);
    LoadGenerator.Result result =
        new LoadGenerator(new LoadGenerator.Settings(url(), 2, null, 10, 0)).run();
    assertThat(result.requests()).isZero();
    assertThat(result.errors()).isEqualTo(10);
  }

  @Test
  void rateSpacesTheRequestsOut() throws Exception {
    // request k is not sent before start + k / rate: 21 requests at 100/s take at least 200 ms
    LoadGenerator.Result result =
        new LoadGenerator(new LoadGenerator.Settings(url(), 4, null, 21, 100)).run();
    assertThat(result.requests()).isEqualTo(21);
    assertThat(result.nanos()).isGreaterThanOrEqualTo(200_000_000L);
  }

  @Test
  void durationEndsTheRun() throws Exception {
    LoadGenerator.Result result =
        new LoadGenerator(new LoadGenerator.Settings(url(), 2, Duration.ofMillis(300), 0, 0)).run();
    assertThat(result.requests()).isPositive();
    assertThat(hits.get()).isBetween((int) result.requests(), (int) result.requests() + 10);
    assertThat(result.nanos()).isGreaterThanOrEqualTo(300_000_000L);
  }

  @Test
  void stopEndsARunWithoutLimits() throws Exception {
    LoadGenerator load = new LoadGenerator(new LoadGenerator.Settings(url(), 2, null, 0, 0));
    Thread stopper =
        new Thread(
            () -> {
              while (load.completed() < 50) {
                Thread.onSpinWait();
              }
              load.stop();
            });
    stopper.start();
    LoadGenerator.Result result = load.run();
    stopper.join();
    assertThat(result.requests()).isGreaterThanOrEqualTo(50);
    assertThat(hits.get()).isBetween((int) result.requests(), (int) result.requests() + 10);
  }

  @Test
  void commandLineErrorsNameTheOption() {
    assertThatThrownBy(() -> LoadGenerator.parse(new String[] {"--workers", "4"}))
        .hasMessage("--url is required, e.g. --url http://127.0.0.1:8080");
    assertThatThrownBy(
            () -> LoadGenerator.parse(new String[] {"--url", "ftp://x", "--workers", "2"}))
        .hasMessage("--url ftp://x (expected a URL like http://HOST:PORT)");
    assertThatThrownBy(
            () -> LoadGenerator.parse(new String[] {"--url", "http://h:1", "--workers", "0"}))
        .hasMessage("--workers=0 (expected a whole number from 1 to 10000)");
    assertThatThrownBy(
            () -> LoadGenerator.parse(new String[] {"--url", "http://h:1", "--duration", "5x"}))
        .hasMessage("--duration 5x (expected a duration like 500ms, 20s, 2m)");
    assertThatThrownBy(() -> LoadGenerator.parse(new String[] {"--url"}))
        .hasMessage("--url: missing value");
  }

  @Test
  void commandLineDefaultsToTenSecondsUnlessACountIsGiven() {
    LoadGenerator.Settings timed =
        LoadGenerator.parse(new String[] {"--url", "http://127.0.0.1:1"});
    assertThat(timed.duration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(timed.workers()).isEqualTo(4);
    LoadGenerator.Settings counted =
        LoadGenerator.parse(
            List.of(
                    "--url",
                    "http://127.0.0.1:1",
                    "--requests",
                    "7",
                    "--rate",
                    "3",
                    "--duration",
                    "2m")
                .toArray(new String[0]));
    assertThat(counted.maxRequests()).isEqualTo(7);
    assertThat(counted.ratePerSecond()).isEqualTo(3.0);
    assertThat(counted.duration()).isEqualTo(Duration.ofMinutes(2));
  }
}
