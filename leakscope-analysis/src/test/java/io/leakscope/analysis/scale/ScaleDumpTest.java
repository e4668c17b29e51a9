package io.leakscope.analysis.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.AnalysisOptions;
import io.leakscope.analysis.HeapAnalyzer;
import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.HistogramRow;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.hprof.HprofTag;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.hprof.HeapDumpBuilder.Layout;
import io.leakscope.testing.hprof.ScaleDump;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-test generator's dumps analyze to the answers that follow from their construction (the
 * generator's sizes come from the JVM layout rules in the test fixtures; the analysis infers sizes
 * from addresses on its own), and the generator runs in constant memory.
 */
class ScaleDumpTest {
  @TempDir Path dir;

  private AnalysisReport analyze(ScaleDump.Shape shape, boolean gzip) throws IOException {
    Path file = dir.resolve(gzip ? "scale.hprof.gz" : "scale.hprof");
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream out =
            new BufferedOutputStream(gzip ? new GZIPOutputStream(raw, 1 << 16) : raw, 1 << 16)) {
      ScaleDump.write(shape, out, 1_700_000_000_000L, null);
    }
    return HeapAnalyzer.analyze(file, new AnalysisOptions(5), ProgressListener.NONE);
  }

  private static void assertAnswers(AnalysisReport r, ScaleDump.Shape shape) {
    ScaleDump.Answers a = shape.answers();
    for (String cls : a.instances().keySet()) {
      HistogramRow row =
          r.histogram().stream()
              .filter(h -> h.className().equals(cls))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no histogram row for " + cls));
      assertThat(row.instances()).as("instances of %s", cls).isEqualTo(a.instances().get(cls));
      assertThat(row.shallowBytes()).as("bytes of %s", cls).isEqualTo(a.shallowBytes().get(cls));
    }
    assertThat(r.dump().compressedOops()).isEqualTo(shape.layout().referenceBytes() == 4);
    Suspect top = r.suspects().get(0);
    assertThat(top.holder()).isEqualTo("scale.Registry.SESSIONS");
    assertThat(top.accumulatedClass()).isEqualTo("scale.Session");
    assertThat(top.instances()).isEqualTo(shape.sessions());
    assertThat(top.retainedBytes()).isEqualTo(a.sessionsRetainedBytes());
  }

  @Test
  void compressedReferencesWithPayloadsAndAnUnevenTree() throws IOException {
    // 100,003 sessions in arrays of 64: every level ends with a short array
    ScaleDump.Shape shape = ScaleDump.Shape.of(100_003, 24, 64, 700);
    assertThat(shape.layout()).isEqualTo(Layout.COMPRESSED_OOPS);
    assertAnswers(analyze(shape, false), shape);
  }

  @Test
  void plainReferencesNoPayloadGzip() throws IOException {
    ScaleDump.Shape shape = new ScaleDump.Shape(50_000, 0, 1000, 10, Layout.UNCOMPRESSED);
    assertAnswers(analyze(shape, true), shape);
  }

  /**
   * Views: every session referenced from several arrays besides its leaf array (many references,
   * few objects), all below the tree's root, so the suspect and its retained size (views included)
   * follow from the construction as before; gzip, as a dump past 2^31 references would be written.
   */
  @Test
  void viewsOfEverySessionKeepTheSuspectAndItsRetainedSize() throws IOException {
    ScaleDump.Shape shape = ScaleDump.Shape.of(20_000, 8, 50, 5, 7);
    assertThat(shape.views()).isEqualTo(7);
    assertThat(shape.references()).isGreaterThan(8 * 20_000);
    assertAnswers(analyze(shape, true), shape);
  }

  @Test
  void answersWithViewsAddUpByHand() {
    // 4 sessions in arrays of 2 and 2 views: the root holds its two leaf arrays and the views;
    // compressed: Session 24 bytes, byte[8] 24, Object[2] 24, Object[4] (root, views) 32, Entry 16,
    // Object[1] 24
    ScaleDump.Shape shape = new ScaleDump.Shape(4, 8, 2, 1, Layout.COMPRESSED_OOPS, 2);
    ScaleDump.Answers a = shape.answers();
    assertThat(a.treeArrays()).isEqualTo(3);
    assertThat(a.instances().get("java.lang.Object[]")).isEqualTo(3 + 2 + 1);
    assertThat(a.shallowBytes().get("java.lang.Object[]")).isEqualTo(2 * 24 + 32 + 2 * 32 + 24);
    assertThat(a.sessionsRetainedBytes()).isEqualTo(2 * 24 + 32 + 2 * 32 + 4 * 24 + 4 * 24);
    // tree elements 4 + 2 + 2 (the root's views), views 2 × 4, payloads 4, stable 1, statics 2
    assertThat(shape.references()).isEqualTo(8 + 8 + 4 + 1 + 2);
    assertThat(Layout.COMPRESSED_OOPS.arrayBytes(HprofTag.TYPE_OBJECT, 4)).isEqualTo(32);
  }

  @Test
  void answersAddUpByHand() {
    // 4 sessions in arrays of 2: two leaf arrays and a root; compressed: Session 24 bytes,
    // byte[8] 24, Object[2] 24, Entry 16, Object[1] (the stable holder) 24
    ScaleDump.Answers a = new ScaleDump.Shape(4, 8, 2, 1, Layout.COMPRESSED_OOPS).answers();
    assertThat(a.treeArrays()).isEqualTo(3);
    assertThat(a.sessionsRetainedBytes()).isEqualTo(3 * 24 + 4 * 24 + 4 * 24);
    assertThat(a.stableRetainedBytes()).isEqualTo(24 + 16);
    assertThat(a.instanceObjects()).isEqualTo(4 + 4 + 4 + 1);
    assertThat(Layout.COMPRESSED_OOPS.arrayBytes(HprofTag.TYPE_OBJECT, 2)).isEqualTo(24);
  }

  @Test
  void writesMillionsOfObjectsInATinyHeap() throws Exception {
    // 3 million sessions and payloads: 6 million objects, which a writer keeping even 8 bytes per
    // object could not hold in 16 MB; and two views of every session, whose 3 million ids each
    // (24 MB) are streamed rather than held
    String classpath =
        String.join(File.pathSeparator, location(ScaleDump.class), location(HprofTag.class));
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx16m",
                "-cp",
                classpath,
                ScaleDump.class.getName(),
                "3000000",
                "8",
                "1024",
                "10",
                "2",
                "-")
            .redirectErrorStream(true)
            .start();
    byte[] output = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    // sessions and payloads, 2,930 + 3 + 1 tree arrays, the views, the stable array and its 10
    // entries
    assertThat(text).contains("instanceObjects " + (6_000_000L + 2_934 + 2 + 1 + 10));
  }

  private static String location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
