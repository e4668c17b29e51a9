package corpus.app.reactive;

import corpus.support.HeapDumps;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Leak (threads): each report is rendered on a Reactor scheduler made for it ({@code
 * Schedulers.newSingle}), never disposed. A single scheduler is an executor with one thread that
 * waits for work for good: +40 threads ({@code render-N-1}) per step, 120 at the end.
 */
public final class RenderSchedulers {
  static String render(int report) {
    Scheduler scheduler = Schedulers.newSingle("render-" + report); // the bug: never disposed
    return Mono.fromCallable(() -> "report " + report + " rendered").subscribeOn(scheduler).block();
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int report = 0;
    long chars = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 40; i++, report++) {
        chars += render(report).length();
      }
      HeapDumps.pause(300);
      dumps.take(dump);
    }
    System.out.println("chars " + chars);
    System.exit(0); // the schedulers' threads are not daemons
  }

  private RenderSchedulers() {}
}
