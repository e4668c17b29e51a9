package corpus.app;

import corpus.support.HeapDumps;

/**
 * Healthy (sawtooth): a batching writer that buffers events in {@link BatchBuffer#PENDING} and
 * flushes at 20,000; the dumps catch the buffer 30 %, 90 % and 50 % full, with flushes between them
 * (the newest dump is fuller than the oldest, but nothing accumulates).
 */
public final class BatchService {
  private static long events;
  private static long flushed;

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int[] fillAtDump = {30, 90, 50};
    for (int dump = 1; dump <= 3; dump++) {
      int cycles = dump == 1 ? 1 : 2;
      for (int c = 0; c < cycles; c++) {
        fillTo(100);
      }
      fillTo(fillAtDump[dump - 1]);
      dumps.take(dump);
    }
    System.out.println("flushed " + flushed + " of " + events);
  }

  /** Adds events until the buffer is {@code percent} full; at 100 % it flushes. */
  static void fillTo(int percent) {
    int target = BatchBuffer.FLUSH_AT * percent / 100;
    while (BatchBuffer.PENDING.size() < target) {
      long id = events++;
      BatchBuffer.PENDING.add(new BatchBuffer.Event(id, "event-" + id + "-" + "p".repeat(40)));
    }
    if (BatchBuffer.PENDING.size() >= BatchBuffer.FLUSH_AT) {
      flushed += BatchBuffer.PENDING.size();
      BatchBuffer.PENDING.clear();
    }
  }

  private BatchService() {}
}
