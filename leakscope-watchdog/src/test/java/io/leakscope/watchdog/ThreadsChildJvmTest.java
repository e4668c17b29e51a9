package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.testing.Jdk;
import io.leakscope.testing.StrictJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ThreadsChild} on the running JDK (17) and, when installed, Temurin 25: the {@code threads}
 * endpoint groups the 50 parked threads into one group of 50 (virtual on JDK 21+, which {@code
 * ThreadMXBean} would not list at all), and the steady leak of platform threads is reported as
 * {@code THREAD_LEAK_SUSPECTED} with a grouped dump in which the leaked threads form a group.
 */
// waits on child JVMs: runs beside the other classes (junit-platform.properties)
@Execution(ExecutionMode.CONCURRENT)
class ThreadsChildJvmTest {

  @TempDir Path dir;

  static Stream<Path> javaHomes() {
    return Jdk.candidateHomes().stream();
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void parkedThreadsFormOneGroupAndLeakedThreadsAreReported(Path home) throws Exception {
    Jdk jdk = Jdk.require(home);
    Path java = jdk.java();
    assertThat(jdk.feature()).as("JAVA_VERSION in %s/release", home).isPositive();
    boolean virtual = jdk.feature() >= 21;
    Path progressFile = dir.resolve("leaked-threads.txt");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "-Xmx128m",
                "-cp",
                Child.classPath(),
                ThreadsChild.class.getName(),
                dir.toString(),
                progressFile.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      int port = readPort(p);
      String threads = get(port, "threads");
      String parked = groupWith(threads, "ThreadsChild.parkHere").orElseThrow();
      assertThat(parked).as(threads).startsWith(ThreadsChild.PARKED + " threads: ");
      if (virtual) {
        assertThat(count(parked, "(virtual #")).as(parked).isEqualTo(ThreadsChild.PARKED);
        assertThat(threads.lines().findFirst().orElseThrow())
            .contains("(" + ThreadsChild.PARKED + " virtual)");
      } else {
        assertThat(parked).doesNotContain("virtual");
      }

      Map<String, Object> suspected = awaitThreadLeak(p);
      assertThat(suspected).containsEntry("signal", "threads");
      // a thread per 200 ms is at most 5/s, less on a busy machine: the estimate is within a
      // factor of two of the rate the child started threads at in the window before the event
      long suspectedAt = Instant.parse((String) suspected.get("time")).toEpochMilli();
      long windowStart = suspectedAt - ThreadsChild.TREND.window().toMillis();
      ChildProgress progress = ChildProgress.read(progressFile);
      double started = progress.ratePerSecond(windowStart, suspectedAt);
      assertThat((Double) suspected.get("growthPerSecond"))
          .as("estimate against %.2f threads/s started (%s)", started, progress)
          .isBetween(started / 2, started * 2);
      String file = (String) ((List<?>) suspected.get("evidence")).get(0);
      String dump = Files.readString(dir.resolve(file));
      String leaked = groupWith(dump, "ThreadsChild.leakedThread").orElseThrow();
      Matcher size = Pattern.compile("^(\\d+) threads: \"leaked-").matcher(leaked);
      assertThat(size.find()).as(leaked).isTrue();
      // the dump was taken in that window, before the event: all the threads started by then
      assertThat(Long.parseLong(size.group(1)))
          .as("leaked threads in the dump (%s)", progress)
          .isBetween(Math.max(2, progress.totalAt(windowStart) - 1), progress.totalAt(suspectedAt));
      assertThat(groupWith(dump, "ThreadsChild.parkHere").orElseThrow())
          .startsWith(ThreadsChild.PARKED + " threads: ");
    } finally {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int readPort(Process p) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as("the child's first line").startsWith("port ");
    return Integer.parseInt(line.substring(5).strip());
  }

  private static String get(int port, String endpoint) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + port + DiagnosticsServer.PREFIX + endpoint))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  /** The group (block of the grouped dump) whose frames contain this text. */
  private static Optional<String> groupWith(String dump, String frame) {
    return Stream.of(dump.split("\n\n")).filter(g -> g.contains(frame)).findFirst();
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  private Map<String, Object> awaitThreadLeak(Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (System.nanoTime() < deadline && p.isAlive()) {
      try {
        for (String line : Files.readAllLines(dir.resolve(EventLog.FILE_NAME))) {
          Map<String, Object> event = StrictJson.parseObject(line);
          if ("THREAD_LEAK_SUSPECTED".equals(event.get("type"))) {
            return event;
          }
        }
      } catch (NoSuchFileException notYet) {
        // the watchdog has not started yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "no THREAD_LEAK_SUSPECTED in " + Files.readString(dir.resolve(EventLog.FILE_NAME)));
  }
}
