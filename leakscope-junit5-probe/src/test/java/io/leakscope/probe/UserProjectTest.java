package io.leakscope.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.leakscope.junit5.CheckLeaks;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * A user's project: test classes annotated with {@code @CheckLeaks} (the nested classes below,
 * which Surefire does not run by themselves) are run through the JUnit Platform, and their outcomes
 * are checked. This module sees leakscope-junit5 only as a jar dependency.
 */
class UserProjectTest {

  @CheckLeaks
  static class LeaksAThread {
    @Test
    void startsAThreadAndForgetsIt() {
      Thread t = new Thread(() -> sleep(30_000), "forgotten-worker");
      t.start();
    }
  }

  @CheckLeaks
  static class LeavesAPoolRunning {
    @Test
    void submitsWorkAndNeverShutsDown() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      pool.submit(() -> 1).get();
    }
  }

  @CheckLeaks
  static class CleansUp {
    @Test
    void joinsItsThread() throws InterruptedException {
      Thread t = new Thread(() -> sleep(50), "joined-worker");
      t.start();
      t.join();
    }

    @Test
    void shutsItsPoolDown() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      pool.submit(() -> 1).get();
      pool.shutdown();
      assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void threadEndsAMomentAfterTheTest() {
      new Thread(() -> sleep(200), "finishing-worker").start();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Events run(Class<?> probe) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(probe))
        .execute()
        .testEvents();
  }

  private static String failureMessage(Events events) {
    List<Event> failed = events.failed().list();
    assertThat(failed).hasSize(1);
    return failed
        .get(0)
        .getPayload(org.junit.platform.engine.TestExecutionResult.class)
        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
        .map(Throwable::getMessage)
        .orElse("");
  }

  @Test
  void aForgottenThreadFailsTheTestNamingIt() {
    assertThat(failureMessage(run(LeaksAThread.class))).contains("forgotten-worker");
  }

  @Test
  void aPoolLeftRunningFailsTheTestNamingItsThreads() {
    assertThat(failureMessage(run(LeavesAPoolRunning.class)))
        .containsPattern("pool-\\d+-thread-\\d+");
  }

  @Test
  void testsThatCleanUpPass() {
    Events events = run(CleansUp.class);
    assertThat(events.failed().count()).as("failures: %s", events.failed().list()).isZero();
    assertThat(events.succeeded().count()).isEqualTo(3);
  }
}
