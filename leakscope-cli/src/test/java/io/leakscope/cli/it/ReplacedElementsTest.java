package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakscope.cli.it.programs.MemoWithoutEqualsProgram;
import io.leakscope.cli.it.programs.SessionWindowProgram;
import io.leakscope.testing.Jdk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A session store of the same sizes in three dumps of a real JVM (3,000, 3,300, then 3,600
 * sessions), once replacing every session at each step, once keeping them, and once replacing all
 * but one in eight, which it keeps for good: by sizes alone all three grow at every step; by their
 * elements (the sessions' ids, sampled in each dump) only the first is not a leak. It is still
 * reported (it is most of the heap), as replaced. The third is a leak amid churn: an eighth of the
 * oldest dump's sessions are in the newest, and the same ones in the middle dump.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = "cpu", mode = ResourceAccessMode.READ)
class ReplacedElementsTest {
  private static final String HOLDER = SessionWindowProgram.class.getName() + ".SESSIONS";

  static Stream<Arguments> stores() {
    List<Arguments> all = new ArrayList<>();
    for (Path home : Jdk.candidateHomes()) {
      all.add(Arguments.of(home, "window", "replaced"));
      all.add(Arguments.of(home, "leak", "growing"));
      all.add(Arguments.of(home, "churn", "growing"));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("stores")
  void aStoreThatReplacesItsElementsIsNotALeakAndOneThatKeepsThemOrSomeOfThemIs(
      Path home, String kind, String trend, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    List<Path> dumps = new ArrayList<>();
    try (ChildJvm child =
        ChildJvm.start(jdk, SessionWindowProgram.class, List.of("-Dsessions.kind=" + kind))) {
      for (int i = 1; i <= 3; i++) {
        child.send("grow");
        dumps.add(child.heapDump(dir.resolve(kind + "-" + i + ".hprof"), false));
      }
    }
    JsonNode suspects =
        AnalyzedDump.newestAgainstOlder(dumps, dir.resolve(kind + ".json")).section("suspects");
    JsonNode store = null;
    for (JsonNode s : suspects) {
      if (s.path("holder").asText().equals(HOLDER)) {
        store = s;
      }
    }
    assertThat(store).as("the store among %s on %s", suspects, jdk).isNotNull();
    assertThat(store.path("instances").asLong())
        .isEqualTo(SessionWindowProgram.FIRST + 2L * SessionWindowProgram.MORE_PER_STEP);
    assertThat(store.path("elementSample").size())
        .as("sampled fingerprints of the store's sessions")
        .isEqualTo(64);
    assertThat(store.path("trend").asText()).as("trend of the store on %s", jdk).isEqualTo(trend);
    if (kind.equals("window")) {
      assertThat(store.path("title").asText())
          .contains("none of the oldest dump's elements are still there");
      assertThat(store.path("explanation").asText())
          .as("a store that replaces its elements removes them")
          .doesNotContain("never removed");
    }
    // each session's key is an id of its own: no key is held twice
    assertThat(store.path("explanation").asText()).doesNotContain("different keys");
  }

  static Stream<Path> jdks() {
    return Jdk.candidateHomes().stream();
  }

  /**
   * A memo keyed by a class without equals and hashCode holds 3,600 entries for 600 different keys
   * (by construction): the suspect says how many keys differ, and names the key class.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aMemoThatStoresTheSameQuotesAgainSaysHowManyDiffer(Path home, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    Path dump;
    try (ChildJvm child = ChildJvm.start(jdk, MemoWithoutEqualsProgram.class, List.of())) {
      for (int i = 1; i <= 3; i++) {
        child.send("grow");
      }
      dump = child.heapDump(dir.resolve("memo.hprof"), false);
    }
    JsonNode suspects = AnalyzedDump.analyze(dump, dir.resolve("memo.json")).section("suspects");
    JsonNode memo = suspects.get(0);
    assertThat(memo.path("holder").asText())
        .isEqualTo(MemoWithoutEqualsProgram.class.getName() + ".QUOTES");
    int different = MemoWithoutEqualsProgram.SYMBOLS * MemoWithoutEqualsProgram.CURRENCIES;
    assertThat(memo.path("explanation").asText())
        .as("explanation on %s", jdk)
        .contains(
            String.format(
                Locale.ROOT,
                "Its %,d entries hold only %,d different keys by the Strings, numbers and UUIDs in"
                    + " them: %s$QuoteKey most likely lacks equals() and hashCode()",
                6 * different,
                different,
                MemoWithoutEqualsProgram.class.getName()));
  }
}
