package io.leakscope.junit5.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThreadFilterTest {

  private static Thread named(String name) {
    return new Thread(() -> {}, name);
  }

  @Test
  void jdkAndBuildToolThreadsAreIgnored() {
    ThreadFilter filter = ThreadFilter.of();

    assertThat(filter.ignores(named("Reference Handler"))).isTrue();
    assertThat(filter.ignores(named("Common-Cleaner"))).isTrue();
    assertThat(filter.ignores(named("process reaper"))).isTrue();
    assertThat(filter.ignores(named("ForkJoinPool.commonPool-worker-3"))).isTrue();
    assertThat(filter.ignores(named("surefire-forkedjvm-ping-30s"))).isTrue();
  }

  @Test
  void builtInNamesMatchWholeNamesSoLookalikeUserThreadsAreReported() {
    ThreadFilter filter = ThreadFilter.of();

    assertThat(filter.ignores(named("Finalizer-for-my-cache"))).isFalse();
    assertThat(filter.ignores(named("pool-1-thread-1"))).isFalse();
    assertThat(filter.ignores(named("ForkJoinPool-1-worker-1"))).isFalse();
  }

  @Test
  void userPatternsMustMatchTheWholeName() {
    ThreadFilter filter = ThreadFilter.of("kafka-.*");

    assertThat(filter.ignores(named("kafka-producer-1"))).isTrue();
    assertThat(filter.ignores(named("my-kafka-producer"))).isFalse();
  }

  @Test
  void invalidPatternNamesTheAttributeIndexAndPattern() {
    assertThatThrownBy(() -> ThreadFilter.of("ok", "broken("))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "@CheckLeaks ignoreThreads[1]: \"broken(\" is not a regular expression");
  }
}
