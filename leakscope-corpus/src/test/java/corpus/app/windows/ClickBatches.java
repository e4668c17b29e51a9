package corpus.app.windows;

import corpus.support.HeapDumps;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Healthy: click events batched by Reactor's {@code bufferTimeout(5,000, 400 ms)} and written out a
 * batch at a time. Clicks rise between dumps (10, 12, then 13 every 10 ms), so the batch being
 * filled holds more at each dump: up to 400 ms of clicks, each dump's all new.
 */
public final class ClickBatches {
  /** A user's click on a page element. */
  record Click(String clickId, String page, String element, byte[] context) {}

  static final Sinks.Many<Click> CLICKS = Sinks.many().unicast().onBackpressureBuffer();

  static final AtomicLong WRITTEN = new AtomicLong();

  public static void main(String[] args) throws InterruptedException {
    HeapDumps dumps = HeapDumps.from(args);
    Flux<List<Click>> batches = CLICKS.asFlux().bufferTimeout(5_000, Duration.ofMillis(400));
    batches.subscribe(batch -> WRITTEN.addAndGet(batch.size()));
    long n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      int perTick = dump == 1 ? 10 : 10 + dump;
      long until = System.nanoTime() + 1_500_000_000L;
      while (System.nanoTime() < until) {
        for (int i = 0; i < perTick; i++, n++) {
          CLICKS.emitNext(
              new Click("c-" + n, "/page/" + (n % 30), "button-" + (n % 7), new byte[200]),
              Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100)));
        }
        Thread.sleep(10);
      }
      dumps.take(dump);
    }
    System.out.println("written " + WRITTEN.get());
  }

  private ClickBatches() {}
}
