package io.leakscope.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import corpus.app.CatalogService;
import corpus.app.SessionService;
import io.leakscope.testing.Jdk;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus harness itself, in {@code mvn verify}: one leak and one healthy program on the JDK
 * running the tests, checked only for what holds today (the dumps exist and analyze; the leak's
 * planted class is in the histogram, more of it in the newest dump than the oldest). The acceptance
 * of issue 12 is {@link CorpusAccuracyTest}'s.
 */
class CorpusHarnessTest {
  private static final Jdk JDK = Jdk.require(Path.of(System.getProperty("java.home")));

  @Test
  void leakProgramDumpsThreeTimesAndItsPlantedClassGrows(@TempDir Path dir) {
    CorpusProgram program = program(SessionService.class);
    List<Path> dumps = CorpusRun.dumps(JDK, program, dir);
    JsonNode newest = CorpusRun.analyze(dumps.get(2), dumps.subList(0, 2), dir.resolve("3.json"));
    JsonNode oldest = CorpusRun.analyze(dumps.get(0), List.of(), dir.resolve("1.json"));

    assertThat(newest.path("baselines").size()).isEqualTo(2);
    assertThat(newest.path("suspects").isArray()).isTrue();
    long before = CorpusRun.instances(oldest, "corpus.app.Session");
    long after = CorpusRun.instances(newest, "corpus.app.Session");
    assertThat(before).as("Sessions in the oldest dump").isEqualTo(4_000);
    assertThat(after).as("Sessions in the newest dump").isEqualTo(12_000);
  }

  @Test
  void healthyProgramDumpsThreeTimesAndAnalyzes(@TempDir Path dir) {
    CorpusProgram program = program(CatalogService.class);
    List<Path> dumps = CorpusRun.dumps(JDK, program, dir);
    JsonNode newest = CorpusRun.analyze(dumps.get(2), dumps.subList(0, 2), dir.resolve("3.json"));

    assertThat(newest.path("baselines").size()).isEqualTo(2);
    assertThat(newest.path("suspects").isArray()).isTrue();
    assertThat(CorpusRun.instances(newest, "corpus.app.Product")).isEqualTo(3_000);
  }

  private static CorpusProgram program(Class<?> main) {
    return CorpusProgram.ALL.stream().filter(p -> p.main() == main).findFirst().orElseThrow();
  }
}
