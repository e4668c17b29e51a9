package io.leakscope.cli.it.programs;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A class-loader leak through ThreadLocals: a {@link ThreadLocalPlugin} redeployed 20 times, each
 * copy in its own loader, run on the 2 threads of a shared pool, where each copy leaves a value in
 * its ThreadLocal. Nothing else keeps the old copies: each is pinned by the values the pool's
 * threads keep, whose class is the copy's.
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
      for (int t = 0; t < 4; t++) {
        WORKERS.submit(plugin).get();
      }
    }
    CommandLoop.readyThenServe(Map.of());
  }
}
