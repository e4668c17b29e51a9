package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceCaptureTest {

  private static final long GB = 1L << 30;

  @TempDir Path dir;

  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-23T12:00:00Z"));

  private EvidenceCapture capture(EvidenceBudget budget) {
    return capture(budget, "pod-a");
  }

  private EvidenceCapture capture(EvidenceBudget budget, String host) {
    return new EvidenceCapture(dir, budget, clock, () -> 1 << 20, () -> host);
  }

  private static EvidenceBudget generous() {
    return new EvidenceBudget(10, 100 * GB, 0, Duration.ZERO);
  }

  @Test
  void histogramListsTheClassesOfThisJvm() throws IOException {
    EvidenceCapture.Outcome outcome = capture(generous()).captureHistogram();

    assertThat(outcome).isInstanceOf(EvidenceCapture.Captured.class);
    Path file = ((EvidenceCapture.Captured) outcome).file();
    assertThat(file.getFileName().toString()).isEqualTo("histogram-pod-a-20261123T120000.000Z.txt");
    String text = Files.readString(file);
    assertThat(text)
        .contains("java.lang.String ", " byte[] ", EvidenceCaptureTest.class.getName())
        .doesNotContain(" [B ");
    assertThat(text).contains("Total");
    assertThat(Files.list(dir)).containsExactly(file);
  }

  @Test
  void heapDumpIsAGzippedHprofWithTheHprofHeader() throws IOException {
    EvidenceCapture.Outcome outcome = capture(generous()).captureHeapDump();

    assertThat(outcome).isInstanceOf(EvidenceCapture.Captured.class);
    Path file = ((EvidenceCapture.Captured) outcome).file();
    assertThat(file.getFileName().toString()).isEqualTo("heap-pod-a-20261123T120000.000Z.hprof.gz");
    assertThat(((EvidenceCapture.Captured) outcome).bytes()).isEqualTo(Files.size(file));
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      byte[] header = new byte[19];
      new DataInputStream(in).readFully(header);
      assertThat(new String(header, StandardCharsets.US_ASCII)).isEqualTo("JAVA PROFILE 1.0.2\0");
    }
    // Renamed when complete: no temporary file is left behind.
    assertThat(Files.list(dir)).containsExactly(file);
  }

  @Test
  void secondDumpInTheSameMillisecondGetsItsOwnName() {
    EvidenceCapture capture = capture(generous());
    Path first = ((EvidenceCapture.Captured) capture.captureHistogram()).file();
    Path second = ((EvidenceCapture.Captured) capture.captureHistogram()).file();
    assertThat(second).isNotEqualTo(first);
    assertThat(second.getFileName().toString())
        .isEqualTo("histogram-pod-a-20261123T120000.000Z-2.txt");
  }

  @Test
  void podsSharingTheDirectoryWriteApartAtTheSameInstant() throws IOException {
    Path a = ((EvidenceCapture.Captured) capture(generous(), "pod-a").captureThreadDump()).file();
    Path b = ((EvidenceCapture.Captured) capture(generous(), "pod-b").captureThreadDump()).file();
    assertThat(a.getFileName().toString()).isEqualTo("threads-pod-a-20261123T120000.000Z.txt");
    assertThat(b.getFileName().toString()).isEqualTo("threads-pod-b-20261123T120000.000Z.txt");
    assertThat(Files.list(dir)).containsExactlyInAnyOrder(a, b);
  }

  @Test
  void dumpBeyondMaxDumpsIsSkipped() throws IOException {
    Files.write(dir.resolve("heap-20260101T000000.000Z.hprof.gz"), new byte[10]);
    EvidenceCapture.Outcome outcome =
        capture(new EvidenceBudget(1, 100 * GB, 0, Duration.ZERO)).captureHeapDump();

    assertThat(outcome)
        .isEqualTo(new EvidenceCapture.Skipped("maxDumps: 1 dumps already taken (limit 1)"));
  }

  @Test
  void dumpSoonerThanMinTimeBetweenDumpsIsSkippedUntilTheClockMovesOn() {
    EvidenceCapture capture = capture(new EvidenceBudget(10, 100 * GB, 0, Duration.ofMinutes(5)));
    assertThat(capture.captureHeapDump()).isInstanceOf(EvidenceCapture.Captured.class);

    clock.advance(Duration.ofMinutes(4));
    assertThat(capture.captureHeapDump())
        .isEqualTo(new EvidenceCapture.Skipped("minTimeBetweenDumps: last dump 4m ago (limit 5m)"));

    clock.advance(Duration.ofMinutes(1));
    assertThat(capture.captureHeapDump()).isInstanceOf(EvidenceCapture.Captured.class);
  }

  @Test
  void dumpThatWouldExceedTheDiskQuotaIsSkippedAndWritesNothing() throws IOException {
    Files.write(dir.resolve("histogram-20260101T000000.000Z.txt"), new byte[1000]);
    EvidenceCapture capture =
        new EvidenceCapture(
            dir, new EvidenceBudget(10, 5000, 0, Duration.ZERO), clock, () -> 4001, () -> "h");

    EvidenceCapture.Outcome outcome = capture.captureHeapDump();

    assertThat(outcome)
        .isEqualTo(
            new EvidenceCapture.Skipped(
                "maxDiskBytes: 1000 bytes used + 4001 estimated for the dump > 5000"));
    assertThat(Files.list(dir)).hasSize(1);
  }

  @Test
  void defaultEstimateSkipsADumpWhenTheQuotaIsSmallerThanTheHeapInUse() {
    EvidenceCapture.Outcome outcome =
        capture(new EvidenceBudget(10, 1024, 0, Duration.ZERO)).captureHeapDump();

    assertThat(outcome).isInstanceOf(EvidenceCapture.Skipped.class);
    assertThat(((EvidenceCapture.Skipped) outcome).reason())
        .startsWith("maxDiskBytes: 0 bytes used");
  }

  @Test
  void dumpThatWouldLeaveTooLittleFreeDiskIsSkipped() {
    EvidenceCapture.Outcome outcome =
        capture(new EvidenceBudget(10, Long.MAX_VALUE / 4, Long.MAX_VALUE / 4, Duration.ZERO))
            .captureHeapDump();

    assertThat(outcome).isInstanceOf(EvidenceCapture.Skipped.class);
    assertThat(((EvidenceCapture.Skipped) outcome).reason()).startsWith("minFreeDiskBytes: ");
  }
}
