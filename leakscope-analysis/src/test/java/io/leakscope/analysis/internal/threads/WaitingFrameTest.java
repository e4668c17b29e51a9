package io.leakscope.analysis.internal.threads;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.internal.suspects.ApplicationPackages;
import io.leakscope.analysis.internal.suspects.Finding;
import io.leakscope.analysis.report.Suspect;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which frame a waiting thread waits in: the application's, never a library's. Stacks as HotSpot
 * writes them into a dump (innermost first), copied in shape from the corpus's Netty timer and a
 * worker stuck in an HTTP call.
 */
class WaitingFrameTest {
  private static final ApplicationPackages PACKAGES = ApplicationPackages.DEFAULT;

  /** A stack waiting in Apache HttpClient 5's pool, as the corpus's unclosed responses left. */
  @Test
  void aThreadWaitingForAPooledConnectionIsSaidToBe() {
    List<String> stack =
        List.of(
            "jdk.internal.misc.Unsafe.park(Native Method)",
            "java.util.concurrent.locks.LockSupport.parkNanos(LockSupport.java:252)",
            "org.apache.hc.core5.concurrent.BasicFuture.get(BasicFuture.java:120)",
            "org.apache.hc.core5.pool.StrictConnPool$1.get(StrictConnPool.java:178)",
            "org.apache.hc.client5.http.impl.classic.InternalExecRuntime.acquireEndpoint("
                + "InternalExecRuntime.java:111)",
            "com.acme.Orders.status(Orders.java:27)");
    assertThat(ThreadSuspectFinder.poolWait(stack))
        .isEqualTo("org.apache.hc.core5.pool.StrictConnPool$1");
    assertThat(
            ThreadSuspectFinder.poolWait(
                List.of(
                    "jdk.internal.misc.Unsafe.park(Native Method)",
                    "com.zaxxer.hikari.util.ConcurrentBag.borrow(ConcurrentBag.java:166)",
                    "com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)")))
        .isEqualTo("com.zaxxer.hikari.util.ConcurrentBag");
    assertThat(
            ThreadSuspectFinder.poolWait(
                List.of(
                    "jdk.internal.misc.Unsafe.park(Native Method)",
                    "java.util.concurrent.LinkedBlockingQueue.take(LinkedBlockingQueue.java:435)")))
        .isNull();
  }

  @Test
  void aLibrarysOwnThreadAsleepBetweenTicksWaitsInNoApplicationFrame() {
    List<String> stack =
        List.of(
            "java.lang.Thread.sleepNanos0(Native method)",
            "java.lang.Thread.sleepNanos(Thread.java:491)",
            "java.lang.Thread.sleep(Thread.java:522)",
            "io.netty.util.HashedWheelTimer$Worker.waitForNextTick(HashedWheelTimer.java:598)",
            "io.netty.util.HashedWheelTimer$Worker.run(HashedWheelTimer.java:494)",
            "java.lang.Thread.run(Thread.java:1474)");
    assertThat(ThreadSuspectFinder.waiting(stack)).isTrue();
    assertThat(ThreadSuspectFinder.waitingApplicationFrame(stack, PACKAGES)).isNull();
  }

  @Test
  void aThreadWaitingInALibraryCalledByTheApplicationWaitsInTheApplicationsFrame() {
    List<String> stack =
        List.of(
            "jdk.internal.misc.Unsafe.park(Native method)",
            "java.util.concurrent.locks.LockSupport.park(LockSupport.java:371)",
            "okhttp3.internal.connection.RealCall.execute(RealCall.kt:154)",
            "com.acme.rates.RatesClient.fetch(RatesClient.java:42)",
            "java.lang.Thread.run(Thread.java:840)");
    assertThat(ThreadSuspectFinder.waitingApplicationFrame(stack, PACKAGES))
        .isEqualTo("com.acme.rates.RatesClient.fetch(RatesClient.java:42)");
  }

  @Test
  void aThreadThatRunsIsNotWaiting() {
    List<String> stack =
        List.of(
            "com.acme.rates.RatesClient.parse(RatesClient.java:60)",
            "java.lang.Thread.run(Thread.java:840)");
    assertThat(ThreadSuspectFinder.waitingApplicationFrame(stack, PACKAGES)).isNull();
  }

  /** A socket read with no timeout, as JDK 17 (a blocking read) and JDK 25 (a poll) write it. */
  @Test
  void aThreadInASocketReadUnderTheApplicationWaitsThere() {
    for (String innermost :
        List.of(
            "sun.nio.ch.SocketDispatcher.read0(Native Method)",
            "sun.nio.ch.Net.poll(Native Method)")) {
      List<String> stack =
          List.of(
              innermost,
              "sun.nio.ch.NioSocketImpl.read(NioSocketImpl.java:355)",
              "java.net.Socket$SocketInputStream.read(Socket.java:966)",
              "sun.net.www.protocol.http.HttpURLConnection.getInputStream(HttpURLConnection.java:1626)",
              "com.acme.stock.StockChecks.check(StockChecks.java:46)",
              "java.lang.Thread.run(Thread.java:840)");
      assertThat(ThreadSuspectFinder.waiting(stack)).as(innermost).isFalse();
      assertThat(ThreadSuspectFinder.waitingForIo(stack)).as(innermost).isTrue();
      assertThat(ThreadSuspectFinder.waitingApplicationFrame(stack, PACKAGES))
          .isEqualTo("com.acme.stock.StockChecks.check(StockChecks.java:46)");
    }
  }

  /** An event loop waiting in its selector is idle, not stuck: no I/O wait. */
  @Test
  void aSelectorsWaitIsNoSocketWait() {
    List<String> stack =
        List.of(
            "sun.nio.ch.EPoll.wait(Native Method)",
            "sun.nio.ch.EPollSelectorImpl.doSelect(EPollSelectorImpl.java:118)",
            "com.acme.feed.FeedLoop.run(FeedLoop.java:30)");
    assertThat(ThreadSuspectFinder.waitingForIo(stack)).isFalse();
    assertThat(ThreadSuspectFinder.waitingApplicationFrame(stack, PACKAGES)).isNull();
  }

  private static List<String> names(String prefix, int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  private static Finding threads(String kind, List<String> names, String explanation) {
    return new Finding(
        kind,
        1,
        "threads waiting in X",
        "A",
        names.size(),
        1000,
        names,
        List.of(),
        "t",
        explanation);
  }

  /**
   * A ThreadLocal with a value in each of 120 stuck threads (the JDK's cache of I/O buffers) is
   * said to be those threads' suspect, instead of the advice to call remove(), when nine in ten of
   * its threads are the other suspect's, and that suspect has at least ten threads.
   */
  @Test
  void aThreadLocalInTheThreadsOfAnotherSuspectIsSaidToBeTheirs() {
    String advice = "values." + ThreadSuspectFinder.REMOVE_ADVICE;
    Finding stuck = threads(Suspect.KIND_BLOCKED_THREADS, names("pool-1-thread-", 1, 121), "s");
    Finding local = threads(Suspect.KIND_THREAD_LOCAL, names("pool-1-thread-", 1, 121), advice);
    String linked =
        ThreadSuspectFinder.linkedToTheirThreads(List.of(stuck, local)).get(1).explanation();
    assertThat(linked)
        .doesNotContain("call remove()")
        .contains("all 120 threads are those of the suspect threads waiting in X (120 threads)");

    List<String> half = names("pool-1-thread-", 1, 61);
    half.addAll(names("worker-", 1, 61));
    Finding elsewhere = threads(Suspect.KIND_THREAD_LOCAL, half, advice);
    assertThat(
            ThreadSuspectFinder.linkedToTheirThreads(List.of(stuck, elsewhere))
                .get(1)
                .explanation())
        .isEqualTo(advice);

    Finding few = threads(Suspect.KIND_BLOCKED_THREADS, names("w-", 1, 5), "s");
    Finding fewLocal = threads(Suspect.KIND_THREAD_LOCAL, names("w-", 1, 5), advice);
    assertThat(
            ThreadSuspectFinder.linkedToTheirThreads(List.of(few, fewLocal)).get(1).explanation())
        .isEqualTo(advice);
  }
}
