package io.leakscope.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import corpus.app.carts.CartsApplication;
import io.leakscope.testing.Jdk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Spring Boot application on Tomcat whose clients never send the session cookie back ({@link
 * CartsApplication}, the corpus's {@code http-sessions}), on every JDK there is, in {@code mvn
 * verify}: 3,000 sessions made in a few seconds, Tomcat's 30-minute timeout. The suspect says they
 * are all younger than their timeout, when the oldest was made (no earlier than the program's own
 * clock says its requests began), and where the store levels off: the sessions times 1,800 s over
 * the seconds they took.
 */
class TomcatSessionsTest {
  private static final Pattern SENTENCE =
      Pattern.compile(
          "All its 3,000 Tomcat sessions are younger than their timeout of 30 minutes \\(the oldest"
              + " was made ([\\d,]+) s before the dump\\): .* At the rate they were made \\(3,000"
              + " in ([\\d,]+) s\\), it levels off at about ([\\d,]+) sessions, about [^,]+, (more"
              + " than the|\\d+% of the) ");

  static Stream<Path> jdks() {
    return Jdk.candidateHomes().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void sessionsYoungerThanTheirTimeoutSayWhereTheStoreLevelsOff(Path home, @TempDir Path dir)
      throws IOException {
    Jdk jdk = Jdk.require(home);
    CorpusProgram program =
        CorpusProgram.ALL.stream()
            .filter(p -> p.main() == CartsApplication.class)
            .findFirst()
            .get();
    List<Path> dumps = CorpusRun.dumps(jdk, program, dir);
    JsonNode report =
        CorpusRun.analyze(dumps.get(2), dumps.subList(0, 2), dir.resolve("report.json"));
    long dumpMillis = report.path("dump").path("timestampMillis").asLong();
    long requestsFrom = requestsFrom(dir);
    JsonNode s = report.path("suspects").get(0);
    assertThat(s.path("holder").asText())
        .isEqualTo("org.apache.catalina.session.ManagerBase.sessions");
    String explanation = s.path("explanation").asText();
    Matcher m = SENTENCE.matcher(explanation);
    assertThat(m.find()).as("the sessions' sentence on %s in: %s", jdk, explanation).isTrue();
    long age = number(m.group(1));
    assertThat(number(m.group(2))).isEqualTo(age);
    // the oldest session was made after the program's first request: no older than that
    assertThat(age).isBetween(1L, Math.max(1, (dumpMillis - requestsFrom) / 1000 + 1));
    assertThat(number(m.group(3))).isEqualTo(Math.round(3_000.0 / age * 1_800));
    assertThat(explanation)
        .as("sessions that time out are removed")
        .doesNotContain("never removed");
  }

  private static long number(String digits) {
    return Long.parseLong(digits.replace(",", ""));
  }

  /** When the program says its requests began, by its own clock. */
  private static long requestsFrom(Path dir) {
    try {
      for (String line : Files.readAllLines(dir.resolve("program.log"))) {
        if (line.startsWith("REQUESTS_FROM ")) {
          return Long.parseLong(line.substring("REQUESTS_FROM ".length()).strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("the program did not say when its requests began");
  }
}
