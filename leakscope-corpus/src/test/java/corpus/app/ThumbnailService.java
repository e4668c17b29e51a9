package corpus.app;

import corpus.support.HeapDumps;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Healthy (a pool that grows to its size): a thumbnail service whose pool ({@link
 * ThumbnailWorkers#POOL}, 8 core threads) has started 4 threads at the first dump and all 8 at the
 * second and third, with more tasks run between them.
 */
public final class ThumbnailService {
  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    serve(4);
    dumps.take(1);
    serve(200);
    dumps.take(2);
    serve(200);
    dumps.take(3);
    System.out.println("threads " + ThumbnailWorkers.POOL.getPoolSize());
    ThumbnailWorkers.POOL.shutdown();
  }

  static void serve(int tasks) throws Exception {
    List<Future<Integer>> done = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      int seed = i;
      done.add(ThumbnailWorkers.POOL.submit(() -> scale(seed)));
    }
    for (Future<Integer> f : done) {
      f.get();
    }
  }

  private static int scale(int seed) {
    byte[] pixels = new byte[64 * 64];
    int sum = 0;
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (seed + i);
      sum += pixels[i];
    }
    return sum;
  }

  private ThumbnailService() {}
}
