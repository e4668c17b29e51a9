package corpus.app.dates;

import corpus.support.HeapDumps;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Healthy: invoices are formatted on a pool whose idle threads end after 300 ms, each thread with a
 * {@code ThreadLocal<SimpleDateFormat>} (a per-thread formatter and a buffer of recent lines, never
 * removed) that ends with its thread. Bursts of 12, 30 and 20 invoices in parallel before the
 * dumps, with a pause between that lets the last burst's threads end: each dump holds its own
 * burst's threads and thread-local values, none from the dump before.
 */
public final class InvoiceDates {
  /** A per-thread formatter, and the thread's recent lines: never removed, ends with the thread. */
  static final ThreadLocal<Formatter> FORMAT = ThreadLocal.withInitial(Formatter::new);

  static final class Formatter {
    final SimpleDateFormat date = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ssZ");
    final List<String> recent = new ArrayList<>();
  }

  static final ExecutorService POOL =
      new ThreadPoolExecutor(0, 64, 300, TimeUnit.MILLISECONDS, new SynchronousQueue<>());

  static String format(int invoice) throws InterruptedException {
    Formatter f = FORMAT.get();
    String line =
        "invoice " + invoice + " " + f.date.format(new Date(1_700_000_000_000L + invoice));
    if (f.recent.size() < 200) {
      f.recent.add(line);
    }
    Thread.sleep(200); // the PDF rendering the formatted date goes into
    return line;
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    int invoice = 0;
    int[] bursts = {12, 30, 20};
    for (int dump = 1; dump <= 3; dump++) {
      Thread.sleep(1_000); // the last burst's threads end
      for (int round = 0; round < 5; round++) {
        List<Future<String>> done = new ArrayList<>();
        for (int i = 0; i < bursts[dump - 1]; i++, invoice++) {
          int n = invoice;
          done.add(POOL.submit(() -> format(n)));
        }
        for (Future<String> f : done) {
          f.get();
        }
      }
      dumps.take(dump);
    }
    POOL.shutdown();
  }

  private InvoiceDates() {}
}
