package io.leakscope.watchdog;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK {@link HttpServer} on daemon threads only, so that an unclosed server never keeps the JVM
 * alive: a bounded pool of daemon request threads, and the dispatcher started from a daemon thread
 * (it inherits daemon status from the thread that starts the server). Touch only when {@code
 * jdk.httpserver} is readable.
 */
final class DaemonHttp {

  private DaemonHttp() {}

  /**
   * At most {@code threads} daemon threads named {@code name} (one) or {@code name-N}, idle ones
   * ending after 30 s, with a queue of {@code queue}; beyond it the caller (the JDK's dispatcher)
   * runs the request itself.
   */
  static ThreadPoolExecutor executor(String name, int threads, int queue) {
    AtomicInteger number = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            r -> {
              Thread t = new Thread(r, threads == 1 ? name : name + "-" + number.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /**
   * Starts {@code server} from a daemon thread named {@code name-start} and waits for it.
   *
   * @throws IOException when interrupted meanwhile (the caller closes the server)
   */
  static void start(HttpServer server, String name) throws IOException {
    Thread starter = new Thread(server::start, name + "-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + name, e);
    }
  }
}
