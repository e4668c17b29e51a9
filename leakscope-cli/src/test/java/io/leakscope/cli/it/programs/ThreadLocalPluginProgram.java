package io.leakscope.cli.it.programs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A class-loader leak through ThreadLocals: a {@link ThreadLocalPlugin} redeployed 20 times, each
 * copy in its own loader, run on the 2 threads of a shared pool, where each copy leaves a value in
 * its ThreadLocal. Nothing else keeps the old copies: each is pinned by the values the pool's
 * threads keep, whose class is the copy's. Most copies run on both threads, every fifth on the
 * second alone, so that those are pinned by one thread only (a run of the old program, whose pool
 * picked its threads at random, once split the copies into two suspects, 19 and 1).
 */
public final class ThreadLocalPluginProgram {
  static final ExecutorService WORKERS = Executors.newFixedThreadPool(2);

  /** Redeploys. */
  public static final int COPIES = 20;

  public static void main(String[] args) throws Exception {
    for (int i = 0; i < COPIES; i++) {
      Runnable plugin =
          (Runnable)
              new PlantedLeaksProgram.IsolatingLoader(ThreadLocalPlugin.class)
                  .loadClass(ThreadLocalPlugin.class.getName())
                  .getDeclaredConstructor()
                  .newInstance();
      // both threads take one task each; every fifth copy runs on the second thread alone
      boolean alone = i % 5 == 3;
      CyclicBarrier both = new CyclicBarrier(2);
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        runs.add(
            WORKERS.submit(
                () -> {
                  both.await();
                  if (!alone || Thread.currentThread().getName().endsWith("-2")) {
                    plugin.run();
                  }
                  return null;
                }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
    }
    CommandLoop.readyThenServe(Map.of());
  }
}
