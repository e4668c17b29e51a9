package io.leakscope.junit5.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadLeakReportTest {

  @Test
  void jdkDefaultThreadNamesPointAtTheirOwner() {
    assertThat(ThreadLeakReport.hintFor("pool-3-thread-1"))
        .isEqualTo("likely an ExecutorService that was never shut down");
    assertThat(ThreadLeakReport.hintFor("ForkJoinPool-2-worker-1"))
        .isEqualTo("likely a ForkJoinPool that was never shut down");
    assertThat(ThreadLeakReport.hintFor("Timer-0"))
        .isEqualTo("likely a java.util.Timer that was never cancelled");
    assertThat(ThreadLeakReport.hintFor("my-pool-3-thread-1")).isNull();
  }
}
