package corpus.app.ratelimit;

import corpus.support.HeapDumps;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Leak: a rate limiter logs each request in a {@link ConcurrentSkipListMap} keyed by its time, and
 * trims what is older than its one-second window. The keys are {@code System.nanoTime()} and the
 * trim passes milliseconds, so it never removes anything: +4,000 per step.
 */
public final class RecentRequests {
  /** What the limiter keeps of a request. */
  record RequestRecord(String client, String path, byte[] headers) {}

  static final ConcurrentSkipListMap<Long, RequestRecord> RECENT = new ConcurrentSkipListMap<>();

  static final AtomicLong TIE = new AtomicLong();

  static boolean allow(String client, String path) {
    long now = System.nanoTime() + (TIE.incrementAndGet() & 0xFFF); // nanos, unique
    RECENT.put(now, new RequestRecord(client, path, new byte[200]));
    // the bug: a window in milliseconds against keys in nanoseconds
    RECENT.headMap(System.currentTimeMillis() - TimeUnit.SECONDS.toMillis(1)).clear();
    return RECENT.tailMap(now - TimeUnit.SECONDS.toNanos(1)).size() < 1_000_000;
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    int allowed = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 4_000; i++, n++) {
        if (allow("client-" + (n % 50), "/orders/" + n)) {
          allowed++;
        }
      }
      dumps.take(dump);
    }
    System.out.println("allowed " + allowed);
  }

  private RecentRequests() {}
}
