package corpus.app.windows;

import corpus.support.HeapDumps;
import java.util.UUID;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * Healthy: failed deliveries waiting 300 ms in a {@link DelayQueue} before their retry, taken by a
 * worker when due. Failures rise between dumps (10, 11, then 12 every 10 ms), so the queue holds
 * more at each dump: about 300 ms of retries, each dump's all new.
 */
public final class RetryQueue {
  /** A delivery to try again, by its id, when it is due. */
  static final class Retry implements Delayed {
    final UUID delivery = UUID.randomUUID();
    final String endpoint;
    final byte[] payload = new byte[300];
    final long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);

    Retry(String endpoint) {
      this.endpoint = endpoint;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(due, ((Retry) o).due);
    }
  }

  static final DelayQueue<Retry> RETRIES = new DelayQueue<>();

  public static void main(String[] args) throws InterruptedException {
    HeapDumps dumps = HeapDumps.from(args);
    Thread worker =
        new Thread(
            () -> {
              try {
                while (true) {
                  RETRIES.take(); // retried: delivered this time
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "retry-worker");
    worker.setDaemon(true);
    worker.start();
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      int perTick = 9 + dump;
      long until = System.nanoTime() + 1_500_000_000L;
      while (System.nanoTime() < until) {
        for (int i = 0; i < perTick; i++, n++) {
          RETRIES.put(new Retry("https://partner-" + (n % 40) + ".example/hooks"));
        }
        Thread.sleep(10);
      }
      dumps.take(dump);
    }
    System.out.println("retries " + RETRIES.size());
  }

  private RetryQueue() {}
}
