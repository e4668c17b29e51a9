package io.leakscope.watchdog;

import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The program a child JVM runs in {@link ThreadsChildJvmTest}: starts a {@link Watchdog} (window 10
 * s, warm-up 2 s, a check every 500 ms) with a {@link DiagnosticsServer} on a free loopback port,
 * parks 50 threads in {@link #parkHere()} (virtual threads where the JDK has them, started through
 * reflection so that this compiles for Java 17; platform threads otherwise), prints {@code port
 * <n>}, then leaks a platform thread parked in {@link #leakedThread()} every 200 ms for a minute.
 * Arguments: the evidence directory, and the file where the number of leaked threads is recorded
 * before each is started ({@link ChildProgress}).
 */
public final class ThreadsChild {

  static final int PARKED = 50;

  static final TrendSettings TREND =
      new TrendSettings(Duration.ofSeconds(10), Duration.ofSeconds(2), 0.01, 1024, 0.02, 6);

  private ThreadsChild() {}

  public static void main(String[] args) throws Exception {
    WatchdogConfig config =
        new WatchdogConfig(
            Path.of(args[0]),
            TREND,
            new EvidenceBudget(1, 1L << 30, 0, Duration.ofSeconds(1)),
            Duration.ofMillis(500),
            Clock.systemUTC());
    Path progress = Path.of(args[1]);
    Watchdog watchdog = Watchdog.start(config);
    DiagnosticsServer server =
        DiagnosticsServer.start(
            watchdog, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), null);
    startParked();
    System.out.println("port " + server.address().getPort());
    System.out.flush();
    for (int i = 0; i < 300; i++) {
      Thread t = new Thread(ThreadsChild::leakedThread, "leaked-" + i);
      t.setDaemon(true);
      // before the start: a thread dump never holds more leaked threads than recorded by then
      ChildProgress.record(progress, i + 1);
      t.start();
      Thread.sleep(200);
    }
  }

  private static void startParked() throws ReflectiveOperationException {
    Method ofVirtual;
    try {
      ofVirtual = Thread.class.getMethod("ofVirtual");
    } catch (NoSuchMethodException beforeJdk21) {
      for (int i = 0; i < PARKED; i++) {
        Thread t = new Thread(ThreadsChild::parkHere, "parked-" + i);
        t.setDaemon(true);
        t.start();
      }
      return;
    }
    Object builder = ofVirtual.invoke(null);
    Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
    for (int i = 0; i < PARKED; i++) {
      start.invoke(builder, (Runnable) ThreadsChild::parkHere);
    }
  }

  static void parkHere() {
    while (true) {
      LockSupport.park();
    }
  }

  static void leakedThread() {
    while (true) {
      LockSupport.park();
    }
  }
}
