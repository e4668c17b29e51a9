package io.leakscope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each leak keeps exactly one entry per {@code /quote} request served in its holder, and the
 * healthy service keeps none: the service runs in this JVM on a free port and is driven over real
 * HTTP. The JDK's HttpClient may send a GET again by itself when a kept-alive connection closes
 * before the answer, so the requests served are counted by the service, not by the client.
 */
class LeakGrowthTest {

  private static final int REQUESTS = 40;

  private DemoService service;

  @AfterEach
  void stop() throws InterruptedException {
    if (service != null) {
      service.close();
    }
    QuoteCache.clear();
    PriceAlerts.clear();
    Reminders.clear();
    ReportStreams.clear();
    SessionWatchers.clear();
  }

  @Test
  void cacheKeepsOneQuotePerCustomerAndEveryRequestIsANewCustomer() throws Exception {
    service = DemoService.start(Leak.CACHE, 0, 4);
    sendQuotes(REQUESTS);
    assertThat(QuoteCache.size()).isEqualTo(REQUESTS);
    // a second run of the generator asks for the same customers c0…c39: their entries are reused
    sendQuotes(REQUESTS);
    assertThat(QuoteCache.size()).isEqualTo(REQUESTS);
    sendQuotes(2 * REQUESTS);
    assertThat(QuoteCache.size()).isEqualTo(2 * REQUESTS);
  }

  @Test
  void listenersAreNeverRemoved() throws Exception {
    assertGrowsByOnePerRequest(Leak.LISTENERS, PriceAlerts::size);
  }

  @Test
  void scheduledTasksAreNeverCancelled() throws Exception {
    assertGrowsByOnePerRequest(Leak.SCHEDULED, Reminders::size);
  }

  @Test
  void responseStreamsAreNeverClosed() throws Exception {
    assertGrowsByOnePerRequest(Leak.UNCLOSED, ReportStreams::size);
  }

  @Test
  void everyRequestLeavesANativeBlockAndNothingOnTheHeap() throws Exception {
    service = DemoService.start(Leak.NATIVE, 0, 4);
    long before = NativeScratch.leakedBytes();
    int heapHolders = QuoteCache.size() + PriceAlerts.size() + ReportStreams.size();
    sendQuotes(REQUESTS);
    assertThat(NativeScratch.leakedBytes() - before)
        .isEqualTo(service.quotesServed() * NativeScratch.BLOCK);
    assertThat(QuoteCache.size() + PriceAlerts.size() + ReportStreams.size())
        .isEqualTo(heapHolders);
  }

  @Test
  void everyRequestLeavesAThreadWaiting() throws Exception {
    assertGrowsByOnePerRequest(Leak.THREAD_PER_REQUEST, SessionWatchers::size);
    synchronized (SessionWatchers.WATCHERS) {
      assertThat(SessionWatchers.WATCHERS)
          .hasSize((int) service.quotesServed())
          .allSatisfy(t -> assertThat(t.isAlive()).as(t.getName()).isTrue())
          .allSatisfy(t -> assertThat(t.getName()).startsWith("session-watcher-"));
    }
  }

  @Test
  void threadLocalOnThePooledThreadKeepsEveryQuote() throws Exception {
    service = DemoService.start(Leak.THREAD_LOCAL, 0, 1);
    // one pooled thread serves every request, so its context holds them all
    int before = service.executor().submit(RequestContext::sizeOnThisThread).get();
    sendQuotes(REQUESTS);
    int after = service.executor().submit(RequestContext::sizeOnThisThread).get();
    assertThat(after - before).isEqualTo(service.quotesServed());
  }

  @Test
  void healthyServiceKeepsNothing() throws Exception {
    service = DemoService.start(Leak.NONE, 0, 1);
    sendQuotes(REQUESTS);
    assertThat(QuoteCache.size()).isZero();
    assertThat(PriceAlerts.size()).isZero();
    assertThat(Reminders.size()).isZero();
    assertThat(ReportStreams.size()).as("streams closed").isZero();
    assertThat(SessionWatchers.size()).isZero();
    assertThat(service.executor().submit(RequestContext::sizeOnThisThread).get()).isZero();
  }

  @Test
  void unknownSymbolIsNotFoundAndKeepsNothing() throws Exception {
    service = DemoService.start(Leak.CACHE, 0, 1);
    HttpResponse<String> response = get("/quote?symbol=NOPE&customer=c1");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("unknown symbol");
    assertThat(QuoteCache.size()).isZero();
  }

  @Test
  void quoteIsOneLineOfJsonAboutTheProduct() throws Exception {
    service = DemoService.start(Leak.NONE, 0, 1);
    HttpResponse<String> response = get("/quote?symbol=SYM42&customer=c%22x");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    assertThat(response.body())
        .startsWith(
            "{\"symbol\":\"SYM42\",\"name\":\"Product 42\",\"customer\":\"c\\\"x\",\"price\":")
        .endsWith(",\"currency\":\"EUR\",\"requestId\":1}\n");
  }

  private void assertGrowsByOnePerRequest(Leak leak, Callable<Integer> size) throws Exception {
    service = DemoService.start(leak, 0, 4);
    int before = size.call();
    sendQuotes(REQUESTS);
    assertThat(size.call() - before)
        .as("%s after %d requests", leak, REQUESTS)
        .isEqualTo(service.quotesServed());
    sendQuotes(REQUESTS);
    assertThat(size.call() - before).isEqualTo(service.quotesServed());
  }

  private void sendQuotes(int n) throws Exception {
    long served = service.quotesServed();
    LoadGenerator.Result result =
        new LoadGenerator(new LoadGenerator.Settings(URI.create(service.url()), 3, null, n, 0))
            .run();
    assertThat(result.requests()).isEqualTo(n);
    assertThat(result.errors()).isZero();
    assertThat(service.quotesServed() - served).isBetween((long) n, n + 5L);
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(service.url() + path))
            .timeout(java.time.Duration.ofSeconds(10))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
