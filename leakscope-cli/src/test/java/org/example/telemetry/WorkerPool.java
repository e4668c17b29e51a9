package org.example.telemetry;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A library's own executor, not a {@code ThreadPoolExecutor} (as Tomcat's is a copy of the JDK's):
 * its threads ({@code telemetry-worker-N}, one number in their names) are one pool's, each running
 * a worker that refers to the pool. Long-lived and healthy: one per service.
 */
public final class WorkerPool extends AbstractExecutorService {
  private final BlockingQueue<Runnable> work = new LinkedBlockingQueue<>();
  private volatile boolean shutdown;

  public WorkerPool(int threads) {
    for (int i = 1; i <= threads; i++) {
      Thread t = new Thread(new Worker(), "telemetry-worker-" + i);
      t.setDaemon(true);
      t.start();
    }
  }

  /** One pool thread's loop: takes work from the pool's queue. */
  final class Worker implements Runnable {
    @Override
    public void run() {
      try {
        while (!shutdown) {
          work.take().run();
        }
      } catch (InterruptedException stopped) {
        // the pool shut down
      }
    }
  }

  @Override
  public void execute(Runnable command) {
    work.add(command);
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return shutdown;
  }
}
