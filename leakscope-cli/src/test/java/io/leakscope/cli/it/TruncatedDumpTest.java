package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakscope.cli.Main;
import io.leakscope.cli.it.ClassHistogram.Row;
import io.leakscope.cli.it.programs.SessionLeakProgram;
import io.leakscope.testing.Jdk;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real dumps of a child JVM, cut off where a full disk or a kill would cut them, analyzed with
 * {@code analyze --lenient}: each analysis succeeds, says where the dump ends, and counts no more
 * instances of any class than the whole dump holds. Offsets come from walking the dump's records
 * here, independently of the reader.
 */
// no verdict depends on the machine's speed: runs beside other classes, but not beside
// MemoryCommandTest (the CPU lock; junit-platform.properties)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = "cpu", mode = ResourceAccessMode.READ)
class TruncatedDumpTest {
  private static final int HEAP_DUMP_SEGMENT = 0x1c;

  static List<Path> jdks() {
    return Jdk.candidateHomes();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void lenientAnalysisOfCutDumpsReportsTheCutAndPartOfTheHeap(Path home, @TempDir Path dir)
      throws IOException {
    Jdk jdk = Jdk.require(home);
    // the dumps HistogramMatchesJcmdTest and DumpFormatsTest check, with their analyses
    VariedHeapDumps shared = VariedHeapDumps.of(jdk, List.of());
    Path plain = shared.dumps().plainDump();
    Path gzip = shared.dumps().gzipDump();
    byte[] bytes = Files.readAllBytes(plain);
    int header = headerLength(bytes);
    long[] segment = firstHeapDumpSegment(bytes, header);
    long segmentEnd = Math.min(segment[1], bytes.length);

    AnalyzedDump full = shared.plain();
    AnalyzedDump fullLenient =
        AnalyzedDump.analyze(plain, dir.resolve("full-lenient.json"), "--lenient");
    assertThat(fullLenient.section("dump").get("truncated").isNull())
        .as("truncated of a whole dump")
        .isTrue();
    assertThat(fullLenient.section("histogram")).isEqualTo(full.section("histogram"));
    ClassHistogram whole = full.histogram();

    // right after the header: nothing but the header
    AnalyzedDump empty = analyzeCut(bytes, header, dir, "after-header");
    assertThat(truncation(empty).get("atOffset").asLong()).isEqualTo(header);
    assertThat(empty.section("dump").get("objects").asLong()).isZero();

    // inside the first segment's 9-byte record header
    AnalyzedDump inRecordHeader = analyzeCut(bytes, segment[0] + 4, dir, "record-header");
    JsonNode t = truncation(inRecordHeader);
    assertThat(t.get("atOffset").asLong()).isEqualTo(segment[0] + 4);
    assertThat(t.get("cutRecordOffset").asLong()).isEqualTo(segment[0]);
    assertThat(t.get("usableEnd").asLong()).isEqualTo(segment[0]);
    assertThat(t.get("cutRecord").asText()).isEqualTo("record header");
    assertNoClassGrew(inRecordHeader.histogram(), whole);

    // late in the first segment: most of its objects are there
    long late = segment[0] + (segmentEnd - segment[0]) * 3 / 4;
    AnalyzedDump lateCut = analyzeCut(bytes, late, dir, "late-in-segment");
    t = truncation(lateCut);
    assertThat(t.get("atOffset").asLong()).isEqualTo(late);
    assertThat(t.get("cutRecord").asText()).isEqualTo("HEAP_DUMP_SEGMENT");
    assertThat(t.get("cutRecordOffset").asLong()).isEqualTo(segment[0]);
    assertThat(t.get("usableEnd").asLong()).isBetween(segment[0] + 9, late);
    assertThat(t.get("bytesMissing").asLong()).isEqualTo(segment[1] - late);
    assertThat(lateCut.histogram().total().instances()).isPositive();
    assertNoClassGrew(lateCut.histogram(), whole);
    assertThat(lateCut.histogram().total().instances()).isLessThan(whole.total().instances());

    // the same cut without --lenient: one line, exit code 3, and the way out
    Path cut = dir.resolve("late-in-segment.hprof");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(out), new PrintWriter(err), "analyze", cut.toString(), "--quiet");
    assertThat(code).isEqualTo(3);
    assertThat(err.toString().strip())
        .doesNotContain("\n")
        .contains("truncated at offset 0x" + Long.toHexString(late))
        .contains("use --lenient");

    // a gzip dump cut at three quarters of its compressed bytes
    byte[] gz = Files.readAllBytes(gzip);
    Path gzCut = dir.resolve("cut.hprof.gz");
    Files.write(gzCut, Arrays.copyOf(gz, gz.length * 3 / 4));
    AnalyzedDump gzipCut = AnalyzedDump.analyze(gzCut, dir.resolve("cut-gz.json"), "--lenient");
    t = truncation(gzipCut);
    assertThat(t.get("atOffset").asLong()).isPositive().isLessThan(bytes.length);
    assertThat(t.get("usableEnd").asLong()).isLessThanOrEqualTo(t.get("atOffset").asLong());
    assertThat(gzipCut.histogram().total().instances()).isPositive();
    assertNoClassGrew(gzipCut.histogram(), whole);
  }

  /**
   * The JVM writes a dump's GC roots after all of its objects, so a dump cut near its end has its
   * objects and has lost its roots: nothing was reachable, and the leak was no suspect. The
   * classes' static fields and the threads stand in for the roots, and the report says so.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aDumpCutBeforeItsRootsStillNamesItsLeak(Path home, @TempDir Path dir) throws IOException {
    Jdk jdk = Jdk.require(home);
    Path dump;
    try (ChildJvm child = ChildJvm.start(jdk, SessionLeakProgram.class, List.of())) {
      dump = child.heapDump(dir.resolve("leak.hprof"), false);
    }
    byte[] bytes = Files.readAllBytes(dump);
    AnalyzedDump cut = analyzeCut(bytes, bytes.length * 99L / 100, dir, "cut-before-roots");
    JsonNode t = truncation(cut);
    assertThat(t.get("rootsStandIn").asBoolean()).isTrue();
    JsonNode first = cut.section("suspects").get(0);
    assertThat(first).as("suspect 1 of the cut dump").isNotNull();
    String program = SessionLeakProgram.class.getName();
    assertThat(first.path("holder").asText()).isEqualTo(program + ".SESSIONS");
    assertThat(first.path("accumulatedClass").asText()).isEqualTo(program + "$Session");
    // the program keeps 6,000; the cut may take the last few
    assertThat(first.path("instances").asLong()).isBetween(5_000L, 6_000L);
  }

  private static AnalyzedDump analyzeCut(byte[] dump, long length, Path dir, String name)
      throws IOException {
    Path cut = dir.resolve(name + ".hprof");
    Files.write(cut, Arrays.copyOf(dump, (int) length));
    return AnalyzedDump.analyze(cut, dir.resolve(name + ".json"), "--lenient");
  }

  private static JsonNode truncation(AnalyzedDump report) {
    JsonNode t = report.section("dump").get("truncated");
    assertThat(t).as("dump.truncated of %s", report.dump()).isNotNull();
    assertThat(t.isObject()).as("dump.truncated of %s is an object", report.dump()).isTrue();
    return t;
  }

  private static void assertNoClassGrew(ClassHistogram part, ClassHistogram whole) {
    for (Map.Entry<String, Row> row : part.rows().entrySet()) {
      assertThat(row.getValue().instances())
          .as("instances of %s in the cut dump", row.getKey())
          .isLessThanOrEqualTo(whole.find(row.getKey()).map(Row::instances).orElse(0L));
    }
  }

  /** Magic string, NUL, u4 id size, u8 timestamp. */
  private static int headerLength(byte[] dump) {
    int nul = 0;
    while (dump[nul] != 0) {
      nul++;
    }
    return nul + 13;
  }

  /** {start, end by its length} of the first HEAP_DUMP_SEGMENT record. */
  private static long[] firstHeapDumpSegment(byte[] dump, int header) {
    ByteBuffer b = ByteBuffer.wrap(dump);
    long pos = header;
    while (pos + 9 <= dump.length) {
      int tag = dump[(int) pos] & 0xff;
      long length = b.getInt((int) pos + 5) & 0xffffffffL;
      if (tag == HEAP_DUMP_SEGMENT) {
        return new long[] {pos, pos + 9 + length};
      }
      pos += 9 + length;
    }
    throw new AssertionError("no HEAP_DUMP_SEGMENT record in the dump");
  }
}
