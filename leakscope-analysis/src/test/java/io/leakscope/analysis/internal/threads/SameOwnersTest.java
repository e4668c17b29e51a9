package io.leakscope.analysis.internal.threads;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.internal.suspects.Finding;
import io.leakscope.analysis.report.Suspect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Threads of the same owners found in two groups are one finding: a JDK {@code HttpClient} kept per
 * tenant runs a selector thread and a pool of workers, both numbered by the client.
 */
class SameOwnersTest {
  /** A pools finding of threads named {@code prefix + n + suffix + k} for n in [from, to). */
  private static Finding pools(
      String holder, String prefix, String suffix, int from, int to, int perOwner, long bytes) {
    List<String> names = new ArrayList<>();
    for (int n = from; n < to; n++) {
      for (int k = 0; k < perOwner; k++) {
        names.add(prefix + n + suffix + (perOwner > 1 ? String.valueOf(k) : ""));
      }
    }
    return new Finding(
        Suspect.KIND_THREAD_POOLS,
        from * 1000 + holder.length(),
        holder,
        "x.Runs",
        to - from,
        bytes,
        names,
        List.of(),
        (to - from) + " of " + holder,
        "Explained.");
  }

  /** The selector threads of clients numbered from {@code from} to {@code to}, exclusive. */
  private static Finding selectors(int from, int to, long bytes) {
    return pools(
        "threads HttpClient-N-SelectorManager",
        "HttpClient-",
        "-SelectorManager",
        from,
        to,
        1,
        bytes);
  }

  @Test
  void aClientsSelectorAndItsWorkersAreOneFinding() {
    Finding selectors = selectors(1, 61, 100);
    Finding workers =
        pools("thread pools HttpClient-N-Worker-N", "HttpClient-", "-Worker-", 1, 61, 2, 300);
    Map<Integer, int[]> threadsOf = new HashMap<>();
    threadsOf.put(selectors.target(), new int[] {1, 2});
    threadsOf.put(workers.target(), new int[] {3});
    List<Finding> out = ThreadPoolFinder.sameOwners(List.of(workers, selectors), threadsOf);
    assertThat(out).hasSize(1);
    Finding one = out.get(0);
    // the owners' own threads name them, though the workers retain more
    assertThat(one.holder()).isEqualTo("threads HttpClient-N-SelectorManager");
    assertThat(one.retained()).isEqualTo(400);
    assertThat(one.threads()).hasSize(60 + 120);
    assertThat(one.explanation())
        .contains("The same 60 owners", "120 threads named HttpClient-N-Worker-N");
    assertThat(threadsOf).containsOnlyKeys(selectors.target());
    assertThat(threadsOf.get(selectors.target())).containsExactly(1, 2, 3);
  }

  @Test
  void workersOfSomeOfTheClientsStillJoinTheirSelectors() {
    // idle workers end; the selector threads do not: the workers' owners are among the selectors'
    Finding selectors = selectors(1, 61, 100);
    Finding workers =
        pools("thread pools HttpClient-N-Worker-N", "HttpClient-", "-Worker-", 20, 31, 1, 50);
    assertThat(ThreadPoolFinder.sameOwners(List.of(selectors, workers), new HashMap<>()))
        .hasSize(1);
  }

  @Test
  void poolsNumberedByACounterOrNamedOtherwiseStayApart() {
    // two executors' pools: the JDK numbers pools with one counter, so no number is in both
    Finding jobs = pools("thread pools pool-N-thread-N", "pool-", "-thread-", 1, 41, 1, 100);
    Finding reports = pools("thread pools pool-N-thread-N", "pool-", "-thread-", 41, 81, 1, 100);
    assertThat(ThreadPoolFinder.sameOwners(List.of(jobs, reports), new HashMap<>())).hasSize(2);
    // the same numbers under other names: other owners
    Finding a = pools("threads sender-N", "sender-", "", 1, 41, 1, 100);
    Finding b = pools("threads receiver-N", "receiver-", "", 1, 41, 1, 100);
    assertThat(ThreadPoolFinder.sameOwners(List.of(a, b), new HashMap<>())).hasSize(2);
    // too few owners to say
    Finding c = selectors(1, 4, 1);
    Finding d = pools("thread pools HttpClient-N-Worker-N", "HttpClient-", "-Worker-", 1, 4, 1, 1);
    assertThat(ThreadPoolFinder.sameOwners(List.of(c, d), new HashMap<>())).hasSize(2);
  }
}
