package io.leakscope.analysis.internal.threads;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.internal.suspects.ApplicationPackages;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which frame a waiting thread waits in: the application's, never a library's. Stacks as HotSpot
 * writes them into a dump (innermost first), copied in shape from the corpus's Netty timer and a
 * worker stuck in an HTTP call.
 */
class WaitingFrameTest {
  private static final ApplicationPackages PACKAGES = ApplicationPackages.DEFAULT;

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
}
