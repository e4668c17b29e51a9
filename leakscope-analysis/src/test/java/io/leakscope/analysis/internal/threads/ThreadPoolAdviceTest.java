package io.leakscope.analysis.internal.threads;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.internal.suspects.ApplicationPackages;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What pools never shut down are told to do: the application's own or the JDK's default factory's,
 * shut them down; a library's (HikariCP's housekeeper of each connection pool, in the corpus's
 * pool-per-tenant program), close the library's object, which is what the application holds.
 */
class ThreadPoolAdviceTest {
  @Test
  void aLibrarysPoolsAreClosedThroughTheLibrarysObject() {
    String advice =
        ThreadPoolFinder.shutDown(
            "com.zaxxer.hikari.util.UtilityElf$DefaultThreadFactory", ApplicationPackages.DEFAULT);
    assertThat(advice)
        .startsWith("The pools are HikariCP's")
        .contains("never closed (a connection pool, a client)")
        .doesNotContain("shutdown()");
  }

  @Test
  void theApplicationsOrTheJdksPoolsAreShutDown() {
    for (String factory :
        List.of(
            "",
            "java.util.concurrent.Executors$DefaultThreadFactory",
            "com.acme.jobs.JobThreads")) {
      assertThat(ThreadPoolFinder.shutDown(factory, ApplicationPackages.DEFAULT))
          .as(factory)
          .isEqualTo("Share one executor, or call shutdown() when the job is done.");
    }
  }
}
