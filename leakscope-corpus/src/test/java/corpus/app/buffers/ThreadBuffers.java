package corpus.app.buffers;

import corpus.support.HeapDumps;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Healthy: a fixed pool of 8 workers, each with a 64 KB encoding buffer and a reusable {@link
 * StringBuilder} in ThreadLocals, made once per thread and reused by every task; 4,000 tasks before
 * each dump.
 */
public final class ThreadBuffers {
  static final ExecutorService WORKERS = Executors.newFixedThreadPool(8);

  static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

  static final ThreadLocal<StringBuilder> TEXT =
      ThreadLocal.withInitial(() -> new StringBuilder(1_024));

  static int encode(int n) {
    StringBuilder text = TEXT.get();
    text.setLength(0);
    text.append("record-").append(n).append(";amount=").append(n * 7L);
    byte[] buffer = BUFFER.get();
    int length = Math.min(buffer.length, text.length());
    for (int i = 0; i < length; i++) {
      buffer[i] = (byte) text.charAt(i);
    }
    return length;
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    long bytes = 0;
    for (int dump = 1; dump <= 3; dump++) {
      List<Future<Integer>> done = new ArrayList<>();
      for (int i = 0; i < 4_000; i++, n++) {
        int task = n;
        done.add(WORKERS.submit(() -> encode(task)));
      }
      for (Future<Integer> f : done) {
        bytes += f.get();
      }
      dumps.take(dump);
    }
    System.out.println("encoded " + bytes);
    WORKERS.shutdown();
  }

  private ThreadBuffers() {}
}
