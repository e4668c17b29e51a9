package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.leakscope.cli.it.MemoryReportSchema;
import io.leakscope.watchdog.ContainerMemory;
import io.leakscope.watchdog.JvmMemory;
import io.leakscope.watchdog.MemoryFootprint;
import io.leakscope.watchdog.NativeGrowth;
import io.leakscope.watchdog.NativeMemoryTracking;
import io.leakscope.watchdog.ProcessMemory;
import io.leakscope.watchdog.json.JsonWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report of {@code leakscope memory} built from known footprints (a JVM in a 512 MiB container
 * that does not fit; one without anything but {@code /proc}): its JSON against the published
 * schema, broken copies failing it, and the screen's lines.
 */
class MemoryReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MIB = 1 << 20;

  private static MemoryFootprint contained(long time, long direct) {
    ProcessMemory process = new ProcessMemory(400 * MIB, 370 * MIB, 30 * MIB, 0, 0, 410 * MIB, 40);
    ContainerMemory container =
        new ContainerMemory(
            2,
            "/kubepods/pod1/c1",
            Path.of("/sys/fs/cgroup"),
            512 * MIB,
            480 * MIB,
            20 * MIB,
            460 * MIB,
            3,
            List.of());
    JvmMemory jvm =
        new JvmMemory(
            100 * MIB, 300 * MIB, 384 * MIB, 60 * MIB, 8 * MIB, 40 * MIB, 40, MIB, direct, 10, 0,
            0);
    NativeMemoryTracking nmt =
        NativeMemoryTracking.parse(
            "Total: reserved=900000KB, committed=500000KB\n"
                + "-                 Java Heap (reserved=393216KB, committed=307200KB)\n"
                + "-                     Other (reserved="
                + (direct >> 10)
                + "KB, committed="
                + (direct >> 10)
                + "KB)\n");
    return new MemoryFootprint(
        time, 4242, process, container, 16384 * MIB, jvm, 250 * MIB, nmt, List.of());
  }

  private static MemorySample sample() {
    MemoryFootprint first = contained(1_000, 10 * MIB);
    MemoryFootprint last = contained(61_000, 20 * MIB);
    NativeGrowth.Verdict growth =
        new NativeGrowth.Verdict(
            NativeGrowth.State.GROWING,
            12,
            170_000,
            0.0001,
            "directBuffers",
            170_000,
            false,
            "native growth: …",
            "direct buffers …");
    return new MemorySample(
        "OpenJDK 64-Bit Server VM 17", last, first, 13, 60_000, MemorySample.fitOf(last), growth);
  }

  @Test
  void theReportMatchesTheSchemaAndBrokenCopiesDoNot() throws IOException {
    JsonNode report = JSON.readTree(JsonWriter.toJson(sample().toJson()));
    MemoryReportSchema.assertValid(report);
    assertThat(report.path("fit").path("state").asText()).isEqualTo("does-not-fit");
    assertThat(report.path("growthBytes").path("directBuffers").asLong()).isEqualTo(10 * MIB);
    assertThat(report.path("nmt").path("categories").get(1).path("growthBytes").asLong())
        .isEqualTo(10 * MIB);

    ObjectNode wrongType = report.deepCopy();
    ((ObjectNode) wrongType.path("process")).put("rssBytes", "400 MiB");
    assertThat(MemoryReportSchema.validate(wrongType)).as("rss as a string").isNotEmpty();
    ObjectNode missing = report.deepCopy();
    ((ObjectNode) missing.path("fit")).remove("heapAtKillBytes");
    assertThat(MemoryReportSchema.validate(missing)).as("no heapAtKillBytes").isNotEmpty();
    ObjectNode unknown = report.deepCopy();
    ((ObjectNode) unknown.path("container")).put("limt", 1);
    assertThat(MemoryReportSchema.validate(unknown)).as("a misspelt field").isNotEmpty();
    ObjectNode badState = report.deepCopy();
    ((ObjectNode) badState.path("nativeGrowth")).put("state", "leaking");
    assertThat(MemoryReportSchema.validate(badState)).as("an unknown state").isNotEmpty();
  }

  @Test
  void aFootprintWithOnlyProcFiguresMatchesTheSchema() throws IOException {
    MemoryFootprint f =
        new MemoryFootprint(
            5,
            7,
            new ProcessMemory(MIB, -1, -1, -1, -1, -1, -1),
            null,
            -1,
            null,
            -1,
            null,
            List.of("JVM figures: cannot attach to JVM 7: refused"));
    MemorySample s = new MemorySample(null, f, f, 1, 0, MemorySample.fitOf(f), null);
    JsonNode report = JSON.readTree(JsonWriter.toJson(s.toJson()));
    MemoryReportSchema.assertValid(report);
    assertThat(report.path("fit").path("state").asText()).isEqualTo("unknown");
    assertThat(String.join("\n", MemoryScreen.render(s)))
        .contains("not measured\n  JVM figures: cannot attach to JVM 7: refused")
        .contains("fit unknown: the heap's maximum is unknown (not measured, or undefined)");
  }

  @Test
  void theScreenShowsTheLimitTheHeadroomAndTheVerdictWithItsAdvice() {
    String screen = String.join("\n", MemoryScreen.render(sample()));
    // 384 MiB heap + (400 − 250) MiB non-heap = 534 MiB > 512 MiB
    assertThat(screen)
        .contains("limit")
        .contains("512.0 MB")
        .contains("headroom")
        .contains("52.0 MB") // 512 − 460
        .contains("OOM kills so far: 3")
        .contains(
            "fit      does not fit (not a leak): heap max 384 MiB + non-heap 150 MiB = 534 MiB >"
                + " the container's limit 512 MiB")
        // 0.9 × 512 − 150 = 310.8 → 310 MiB, 60.5% of 512
        .contains("-Xmx310m (or -XX:MaxRAMPercentage=60.5) would fit")
        .contains("growth   native growth: …")
        .contains("next     direct buffers …");
  }

  @Test
  void theSchemaIsAValidDraft202012Schema() throws IOException {
    Schema meta =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
    assertThat(meta.validate(JSON.readTree(MemoryReportSchema.FILE.toFile()))).isEmpty();
  }
}
