package io.leakscope.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakscope.testing.Jdk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The acceptance of issue 12, program by program and JDK by JDK: each corpus program runs in a
 * child JVM and dumps itself three times; {@code analyze} reads the newest dump with the two older
 * as baselines.
 *
 * <ul>
 *   <li>A leak: suspect 1's holder is the application field that was planted (for the MDC leak,
 *       where no application field is on the path, Logback's ThreadLocal field), its accumulated
 *       class is what the application stores, it is growing (trend {@code growing}), and no other
 *       suspect has the same holder (one leak, one suspect).
 *   <li>The thread leaks: suspect 1 speaks of pools or timers and states their number (120), and
 *       grew.
 *   <li>A healthy program: no suspect claims growth (trend {@code growing}: significant growth at
 *       the last step or at every step; a plateau, a stable holder or one that went up and down is
 *       not a leak in progress).
 * </ul>
 *
 * <p>Each case appends its row to {@code target/corpus/results.tsv} before asserting, from which
 * README.md's table is written. Not part of {@code mvn verify}: run with {@code -Dgroups=corpus}
 * (see README.md).
 */
@Tag("corpus")
class CorpusAccuracyTest {
  static final Path RESULTS = CorpusRun.outputRoot().resolve("results.tsv");

  /** {@code $1/0x00007f…} (JDK 17) or {@code /0x…} (JDK 25) after a hidden class's name. */
  private static final Pattern HIDDEN_CLASS_ADDRESS = Pattern.compile("(\\$\\d+)?/0x[0-9a-fA-F]+$");

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (Path home : Jdk.candidateHomes()) {
      for (CorpusProgram program : CorpusProgram.ALL) {
        all.add(Arguments.of(program, home));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("cases")
  void analysisMeetsTheAcceptanceOfIssue12(CorpusProgram program, Path home) {
    Jdk jdk = Jdk.require(home);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        program.runsOn(jdk.feature()),
        () -> program + " needs a newer JDK than " + jdk.feature() + " (virtual threads: 21)");
    Path dir =
        CorpusRun.outputRoot()
            .resolve("jdk" + jdk.feature())
            .resolve(program.name())
            .toAbsolutePath();
    long start = System.nanoTime();
    List<Path> dumps = CorpusRun.dumps(jdk, program, dir);
    long ran = System.nanoTime();
    JsonNode report =
        CorpusRun.analyze(dumps.get(2), dumps.subList(0, 2), dir.resolve("report.json"));
    long analyzed = System.nanoTime();
    CorpusRun.cleanUp(dumps);
    JsonNode suspects = report.path("suspects");

    SoftAssertions softly = new SoftAssertions();
    JsonNode first = suspects.path(0);
    List<String> claimingGrowth = new ArrayList<>();
    for (JsonNode s : suspects) {
      // a suspect claims growth when its growth is significant and goes on: trend "growing" (a
      // plateau, a stable holder or one that went up and down is not a leak in progress)
      if (s.path("trend").asText("").equals("growing")) {
        claimingGrowth.add(
            "#"
                + s.path("rank").asInt()
                + " "
                + s.path("holder").asText()
                + " +"
                + s.path("growthBytes").asLong()
                + " B");
      }
    }
    if (program.leak()) {
      softly.assertThat(suspects.size()).as("suspects of %s on %s", program, jdk).isPositive();
      if (program.poolCount() > 0) {
        String words = first.path("title").asText() + "\n" + first.path("explanation").asText();
        softly
            .assertThat(words.toLowerCase(Locale.ROOT))
            .as("suspect 1 of %s on %s speaks of threads, pools or timers", program, jdk)
            .containsAnyOf("thread", "pool", "timer");
        softly
            .assertThat(Pattern.compile("\\b" + program.poolCount() + "\\b").matcher(words).find())
            .as(
                "suspect 1 of %s on %s states the %d pools: %s",
                program, jdk, program.poolCount(), words)
            .isTrue();
      } else {
        softly
            .assertThat(first.path("holder").asText())
            .as("holder of suspect 1 of %s on %s", program, jdk)
            .isIn(program.holders());
        // a lambda's class carries an address that changes with every JVM start
        String accumulated =
            HIDDEN_CLASS_ADDRESS.matcher(first.path("accumulatedClass").asText()).replaceAll("");
        softly
            .assertThat(accumulated)
            .as("accumulated class of suspect 1 of %s on %s", program, jdk)
            .isIn(program.accumulatedClasses());
      }
      softly
          .assertThat(first.path("growthBytes").asLong(0))
          .as("growth of suspect 1 of %s on %s", program, jdk)
          .isPositive();
      softly
          .assertThat(first.path("trend").asText())
          .as("trend of suspect 1 of %s on %s", program, jdk)
          .isEqualTo("growing");
      softly
          .assertThat(sameLeak(program, suspects))
          .as(
              "other suspects of %s on %s with suspect 1's holder or, below the planted %s, a"
                  + " part of it (one leak, one suspect)",
              program, jdk, program.holder())
          .isEmpty();
    } else {
      softly
          .assertThat(claimingGrowth)
          .as("suspects of healthy %s on %s that claim growth", program, jdk)
          .isEmpty();
    }
    record(
        program,
        jdk,
        first,
        suspects.size(),
        claimingGrowth,
        program.leak() ? sameLeak(program, suspects).size() : 0,
        softly,
        ran - start,
        analyzed - ran);
    softly.assertAll();
  }

  /**
   * Suspects after the first that are the same leak again: they have suspect 1's holder, or their
   * path from a GC root passes through the planted holder (a Guava segment of the planted cache, a
   * map inside the planted registry).
   */
  static List<String> sameLeak(CorpusProgram program, JsonNode suspects) {
    String holder = suspects.path(0).path("holder").asText();
    List<String> same = new ArrayList<>();
    for (int i = 1; i < suspects.size(); i++) {
      JsonNode s = suspects.get(i);
      boolean below = false;
      if (program.holder() != null) {
        for (JsonNode step : s.path("pathFromGcRoot")) {
          String text = step.asText();
          for (String planted : program.holders()) {
            below |= text.equals(planted) || text.equals("static " + planted);
          }
        }
      }
      if (below || s.path("holder").asText().equals(holder)) {
        same.add("#" + s.path("rank").asInt() + " " + s.path("holder").asText());
      }
    }
    return same;
  }

  private static void record(
      CorpusProgram program,
      Jdk jdk,
      JsonNode first,
      int suspects,
      List<String> claimingGrowth,
      int sameLeak,
      SoftAssertions softly,
      long runNanos,
      long analysisNanos) {
    String expected =
        program.leak()
            ? (program.poolCount() > 0
                ? program.poolCount() + " pools named in suspect 1"
                : program.holder() + " / " + program.accumulatedClass())
            : "no growth claimed";
    String row =
        String.join(
            "\t",
            program.name(),
            Integer.toString(jdk.feature()),
            program.leak() ? "leak" : "healthy",
            expected,
            first.path("holder").asText("-"),
            first.path("accumulatedClass").asText("-"),
            first.path("growthBytes").isNumber()
                ? Long.toString(first.path("growthBytes").asLong())
                : "-",
            first.path("title").asText("-").replace('\t', ' ').replace('\n', ' '),
            Integer.toString(suspects),
            String.join("; ", claimingGrowth),
            Integer.toString(sameLeak),
            softly.errorsCollected().isEmpty() ? "pass" : "FAIL",
            String.format(Locale.ROOT, "%.1f", runNanos / 1e9),
            String.format(Locale.ROOT, "%.1f", analysisNanos / 1e9));
    try {
      Files.createDirectories(RESULTS.getParent());
      Files.writeString(
          RESULTS,
          row + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
