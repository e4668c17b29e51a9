package io.leakscope.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import corpus.app.warming.BoundedCaches;
import corpus.app.warming.ViewHistories;
import io.leakscope.testing.Jdk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real Caffeine and Guava caches in a real JVM ({@link BoundedCaches}), on every JDK there is, in
 * {@code mvn verify}: each grows at every one of three dumps. The bound each suspect reports is the
 * one the program built its cache with, what it holds is what the program put in (by entries and by
 * weight), and the heap limit is the child JVM's own {@code Runtime.maxMemory()}, which it prints.
 * Those warming toward a bound that fits are {@code filling}; a cache whose entries weigh nothing
 * (an async cache's loads that never complete), caches without a bound, and a list that grows
 * inside one cached value are {@code growing}. With {@code -XX:MaxDirectMemorySize} set, the dump
 * does not tell the heap limit (0), and a bound by weight no longer decides.
 */
class CacheBoundsTest {
  private static final String APP = BoundedCaches.class.getName() + ".";

  private static final CorpusProgram PROGRAM =
      new CorpusProgram(
          "bounded-caches", BoundedCaches.class, false, null, null, 0, "caches of known bounds");

  static Stream<Path> jdks() {
    return Jdk.candidateHomes().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void eachCacheReportsTheBoundItWasBuiltWithAndWhatItHolds(Path home, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    List<Path> dumps = CorpusRun.dumps(jdk, PROGRAM, dir);
    long maxMemory = maxMemory(dir);
    Map<String, JsonNode> suspects = suspects(dumps, dir);

    bound(suspects, "BY_SIZE", "Caffeine cache", false, 5_000, 3_000, 3_000, maxMemory);
    bound(suspects, "BY_WEIGHT", "Caffeine cache", true, 8_000_000, 600 * 6_000, 600, maxMemory);
    bound(suspects, "GUAVA_BY_SIZE", "Guava cache", false, 4_000, 2_400, 2_400, maxMemory);
    bound(
        suspects,
        "LRU",
        "LinkedHashMap (BoundedCaches$Lru.maxEntries)",
        false,
        6_000,
        2_400,
        2_400,
        maxMemory);
    // the loads in flight weigh nothing: 4,500 entries, none counted toward the bound of 100
    bound(suspects, "IN_FLIGHT", "Caffeine cache", false, 100, 0, 4_500, maxMemory);
    for (String holder : List.of("BY_SIZE", "BY_WEIGHT", "GUAVA_BY_SIZE", "LRU")) {
      assertThat(suspects.get(APP + holder).path("trend").asText())
          .as("%s on %s", holder, jdk)
          .isEqualTo("filling");
    }
    for (String holder :
        List.of("IN_FLIGHT", "UNBOUNDED", "GUAVA_UNBOUNDED", "ONE_LIST", "LISTS", "NO_BOUND")) {
      assertThat(suspects.get(APP + holder))
          .as("%s among the suspects on %s", holder, jdk)
          .isNotNull();
      assertThat(suspects.get(APP + holder).path("trend").asText())
          .as("%s on %s", holder, jdk)
          .isEqualTo("growing");
    }
    for (String holder : List.of("UNBOUNDED", "GUAVA_UNBOUNDED", "ONE_LIST", "LISTS")) {
      assertThat(suspects.get(APP + holder).path("bound").isNull())
          .as("no bound for %s on %s", holder, jdk)
          .isTrue();
    }
    assertThat(suspects.get(APP + "LISTS").path("explanation").asText())
        .contains(
            "They are inside the values of a Caffeine cache of at most 100 entries, which holds 20"
                + " entries: about 120 per entry");
    assertThat(suspects.get(APP + "BY_SIZE").path("title").asText())
        .contains("a Caffeine cache of at most 5,000 entries, 3,000 now (60%)")
        .contains("a cache warming up, not a leak");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void withADirectMemoryLimitTheHeapLimitIsUnknown(Path home, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    List<Path> dumps = CorpusRun.dumps(jdk, PROGRAM, dir, List.of("-XX:MaxDirectMemorySize=10m"));
    Map<String, JsonNode> suspects = suspects(dumps, dir);
    bound(suspects, "BY_SIZE", "Caffeine cache", false, 5_000, 3_000, 3_000, 0);
    assertThat(suspects.get(APP + "BY_SIZE").path("trend").asText()).isEqualTo("filling");
    bound(suspects, "BY_WEIGHT", "Caffeine cache", true, 8_000_000, 600 * 6_000, 600, 0);
    assertThat(suspects.get(APP + "BY_WEIGHT").path("trend").asText())
        .as("a bound by weight with the heap limit unknown, on %s", jdk)
        .isEqualTo("growing");
    // a bound of Integer.MAX_VALUE is none, whatever the heap limit
    bound(
        suspects,
        "NO_BOUND",
        "LinkedHashMap (BoundedCaches$Lru.maxEntries)",
        false,
        Integer.MAX_VALUE,
        2_400,
        2_400,
        0);
    assertThat(suspects.get(APP + "NO_BOUND").path("trend").asText())
        .as("no bound with the heap limit unknown, on %s", jdk)
        .isEqualTo("growing");
    assertThat(suspects.get(APP + "NO_BOUND").path("explanation").asText())
        .contains("(no bound at all)")
        .contains("That is no bound: nothing keeps it from running out of memory.");
  }

  /**
   * A full cache whose values grow (each customer's history of views, a list nothing trims): as
   * many entries in every dump, more bytes. It is growing; the suspect says the cache is full, that
   * the elements are as many while they retain more, and names the field of each that holds most.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aFullCacheWhoseValuesGrowIsGrowingAndSaysWhichFieldHoldsMost(Path home, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    CorpusProgram program =
        CorpusProgram.ALL.stream().filter(p -> p.main() == ViewHistories.class).findFirst().get();
    List<Path> dumps = CorpusRun.dumps(jdk, program, dir);
    JsonNode report =
        CorpusRun.analyze(dumps.get(2), dumps.subList(0, 2), dir.resolve("report.json"));
    JsonNode s = report.path("suspects").get(0);
    String holder = ViewHistories.class.getName() + ".HISTORIES";
    assertThat(s.path("holder").asText()).isEqualTo(holder);
    assertThat(s.path("trend").asText()).as("on %s", jdk).isEqualTo("growing");
    JsonNode b = s.path("bound");
    assertThat(b.path("limit").asLong()).isEqualTo(500);
    assertThat(b.path("size").asLong()).isEqualTo(500);
    assertThat(b.path("entries").asLong()).isEqualTo(500);
    assertThat(s.path("explanation").asText())
        .as("on %s", jdk)
        .contains("500 now (100%): full")
        .contains("Most of each is in its field views: in one of them, a java.util.ArrayList")
        .contains("Its elements are as many as in the oldest dump, but they retain more");
  }

  private static Map<String, JsonNode> suspects(List<Path> dumps, Path dir) {
    JsonNode report =
        CorpusRun.analyze(dumps.get(2), dumps.subList(0, 2), dir.resolve("report.json"));
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode s : report.path("suspects")) {
      out.put(s.path("holder").asText(), s);
    }
    return out;
  }

  private static void bound(
      Map<String, JsonNode> suspects,
      String holder,
      String structure,
      boolean weighed,
      long limit,
      long size,
      long entries,
      long heapLimit) {
    JsonNode s = suspects.get(APP + holder);
    assertThat(s).as("%s among the suspects %s", holder, suspects.keySet()).isNotNull();
    JsonNode b = s.path("bound");
    assertThat(b.path("structure").asText()).as(holder).isEqualTo(structure);
    assertThat(b.path("weighed").asBoolean()).as(holder).isEqualTo(weighed);
    assertThat(b.path("limit").asLong()).as(holder).isEqualTo(limit);
    assertThat(b.path("size").asLong()).as(holder).isEqualTo(size);
    assertThat(b.path("entries").asLong()).as(holder).isEqualTo(entries);
    assertThat(b.path("heapLimit").asLong()).as(holder).isEqualTo(heapLimit);
  }

  /** What the program printed as its {@code Runtime.maxMemory()}. */
  private static long maxMemory(Path dir) {
    try {
      for (String line : Files.readAllLines(dir.resolve("program.log"))) {
        if (line.startsWith("MAXMEMORY ")) {
          return Long.parseLong(line.substring("MAXMEMORY ".length()).strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("the program did not print its heap limit");
  }
}
