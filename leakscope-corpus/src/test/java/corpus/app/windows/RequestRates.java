package corpus.app.windows;

import corpus.support.HeapDumps;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Healthy: a sliding-window rate limiter keeps, per client, the times of its requests in the last 2
 * s (an {@link ArrayDeque} of {@code Long}), trimming the older ones at each request. After 2 s of
 * traffic, it rises between dumps (15, 17, then 19 requests every 10 ms, over 40 clients), so the
 * windows hold more at each dump, each dump's times all new (the dumps are 1.5 s apart).
 */
public final class RequestRates {
  static final Map<String, ArrayDeque<Long>> WINDOWS = new ConcurrentHashMap<>();

  static final long WINDOW = TimeUnit.SECONDS.toNanos(2);

  static boolean allow(String client) {
    ArrayDeque<Long> times = WINDOWS.computeIfAbsent(client, c -> new ArrayDeque<>());
    synchronized (times) {
      long now = System.nanoTime();
      while (!times.isEmpty() && times.peekFirst() < now - WINDOW) {
        times.pollFirst();
      }
      times.addLast(now);
      return times.size() <= 1_000;
    }
  }

  public static void main(String[] args) throws InterruptedException {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    int refused = 0;
    for (int dump = 1; dump <= 3; dump++) {
      int perTick = 13 + 2 * dump;
      long until = System.nanoTime() + (dump == 1 ? 3_500_000_000L : 1_500_000_000L);
      while (System.nanoTime() < until) {
        for (int i = 0; i < perTick; i++, n++) {
          if (!allow("client-" + (n % 40))) {
            refused++;
          }
        }
        Thread.sleep(10);
      }
      for (String client : WINDOWS.keySet()) {
        allow(client); // each client's window trimmed at the dump, as its next request does
      }
      dumps.take(dump);
    }
    System.out.println("refused " + refused);
  }

  private RequestRates() {}
}
