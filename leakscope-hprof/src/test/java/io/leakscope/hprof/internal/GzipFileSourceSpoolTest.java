package io.leakscope.hprof.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spooling a chunked gzip dump (jcmd's members) to a plain file during the first pass: only with
 * room for it and for the analysis's own files, given up (and its file deleted) when the room runs
 * short, and never when switched off; the bytes read are the dump's in every case.
 */
class GzipFileSourceSpoolTest {
  @TempDir Path dir;

  private static final long PLENTY = Long.MAX_VALUE / 4;

  /** Bytes that compress a little, as a dump does: random words from a small vocabulary. */
  private static byte[] dumpLikeBytes(int n, long seed) {
    Random random = new Random(seed);
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : random.nextInt(8));
    }
    return b;
  }

  /**
   * Writes {@code bytes} as gzip members of {@code memberSize} inflated bytes each, the first with
   * jcmd's {@code HPROF BLOCKSIZE=} comment when {@code chunked}.
   */
  private Path writeMembers(String name, byte[] bytes, int memberSize, boolean chunked)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int at = 0; at < bytes.length; at += memberSize) {
      int n = Math.min(memberSize, bytes.length - at);
      boolean comment = chunked && at == 0;
      out.write(new byte[] {0x1f, (byte) 0x8b, 8, (byte) (comment ? 16 : 0), 0, 0, 0, 0, 0, 3});
      if (comment) {
        out.write(("HPROF BLOCKSIZE=" + memberSize).getBytes(StandardCharsets.US_ASCII));
        out.write(0);
      }
      Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
      deflater.setInput(bytes, at, n);
      deflater.finish();
      byte[] buf = new byte[8192];
      while (!deflater.finished()) {
        out.write(buf, 0, deflater.deflate(buf));
      }
      deflater.end();
      CRC32 crc = new CRC32();
      crc.update(bytes, at, n);
      writeIntLe(out, (int) crc.getValue());
      writeIntLe(out, n);
    }
    Path p = dir.resolve(name);
    Files.write(p, out.toByteArray());
    return p;
  }

  private static void writeIntLe(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }

  /** Reads the source from 0 to its end in reads of random lengths, as a pass would. */
  private static byte[] pass(DumpSource source, long seed) throws IOException {
    Random random = new Random(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try (DumpSource.Stream s = source.openAt(0)) {
      for (int n; (n = s.read(buf, 0, 1 + random.nextInt(buf.length))) >= 0; ) {
        out.write(buf, 0, n);
      }
    }
    return out.toByteArray();
  }

  private static byte[] readAt(DumpSource source, long position, int n) throws IOException {
    byte[] got = new byte[n];
    int have = 0;
    try (DumpSource.Stream s = source.openAt(position)) {
      while (have < n) {
        int r = s.read(got, have, n - have);
        if (r < 0) {
          break;
        }
        have += r;
      }
    }
    return Arrays.copyOf(got, have);
  }

  private static void assertRandomReadsMatch(DumpSource source, byte[] bytes, long seed)
      throws IOException {
    Random random = new Random(seed);
    for (int i = 0; i < 200; i++) {
      int off = random.nextInt(bytes.length);
      int n = 1 + random.nextInt(Math.min(3000, bytes.length - off));
      assertThat(readAt(source, off, n))
          .as("%d bytes at %d", n, off)
          .isEqualTo(Arrays.copyOfRange(bytes, off, off + n));
    }
  }

  /**
   * The files under {@code spoolDir} this process holds open, deleted or not: the spool is unlinked
   * as soon as it is opened (so that nothing is left if the process dies), and its room is only
   * given back when it is closed, so the open descriptors are what tells. Linux's {@code
   * /proc/self/fd}.
   */
  private static List<String> spoolFiles(Path spoolDir) throws IOException {
    Path fds = Path.of("/proc/self/fd");
    assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd (Linux)");
    List<String> open = new ArrayList<>();
    try (Stream<Path> links = Files.list(fds)) {
      for (Path link : links.toList()) {
        try {
          String target = Files.readSymbolicLink(link).toString();
          if (target.startsWith(spoolDir.toString())) {
            open.add(target);
          }
        } catch (IOException e) {
          // the listing's own descriptor, closed by now
        }
      }
    }
    return open;
  }

  /** A source for random access that spools chunked files, with the room and check given. */
  private static GzipFileSource spooling(
      Path gz, Path spoolDir, GzipFileSource.FreeSpace freeSpace, long checkEvery)
      throws IOException {
    return new GzipFileSource(gz, true, true, spoolDir, freeSpace, checkEvery);
  }

  @Test
  void aChunkedDumpIsSpooledByItsFirstPassWhenThereIsRoomAndReadPlainAfterwards()
      throws IOException {
    byte[] bytes = dumpLikeBytes(300_000, 1);
    Path gz = writeMembers("c.hprof.gz", bytes, 7_000, true);
    Path spoolDir = Files.createDirectory(dir.resolve("spool"));
    List<Long> asked = new ArrayList<>();
    GzipFileSource source =
        spooling(
            gz,
            spoolDir,
            d -> {
              asked.add(PLENTY);
              return PLENTY;
            },
            50_000);
    try (source) {
      assertThat(source.inflatesOnRead()).isTrue();
      assertThat(pass(source, 2)).isEqualTo(bytes);
      assertThat(source.inflatesOnRead()).as("spooled").isFalse();
      assertThat(source.seekable()).isTrue();
      assertThat(source.length()).isEqualTo(bytes.length);
      assertThat(spoolFiles(spoolDir)).hasSize(1).allMatch(f -> f.endsWith(" (deleted)"));
      assertThat(asked).as("room asked before the first byte and every 50,000").hasSize(6);
      assertRandomReadsMatch(source, bytes, 3);
      assertThat(pass(source, 4)).as("a second pass, from the spool").isEqualTo(bytes);
    }
    assertThat(spoolFiles(spoolDir)).as("closed with the source").isEmpty();
  }

  @Test
  void theRoomAskedForIsTheRestOfTheSpoolAndAsMuchAgainForTheAnalysis() throws IOException {
    byte[] bytes = dumpLikeBytes(200_000, 5);
    Path gz = writeMembers("r.hprof.gz", bytes, 5_000, true);
    long fileLength = Files.size(gz);
    Path spoolDir = Files.createDirectory(dir.resolve("spool"));
    // before the first byte the guess is 5 times the file: twice that is needed
    long guess = 5 * fileLength;
    try (GzipFileSource source = spooling(gz, spoolDir, d -> 2 * guess - 1, 1 << 30)) {
      assertThat(pass(source, 6)).isEqualTo(bytes);
      assertThat(source.inflatesOnRead()).as("one byte short: not spooled").isTrue();
      assertThat(spoolFiles(spoolDir)).isEmpty();
    }
    try (GzipFileSource source = spooling(gz, spoolDir, d -> 2 * guess, 1 << 30)) {
      assertThat(pass(source, 7)).isEqualTo(bytes);
      assertThat(source.inflatesOnRead()).as("just enough: spooled").isFalse();
    }
  }

  @Test
  void aSpoolWhoseRoomRunsShortHalfWayIsDeletedAndReadsInflateAsBefore() throws IOException {
    byte[] bytes = dumpLikeBytes(300_000, 8);
    Path gz = writeMembers("h.hprof.gz", bytes, 6_000, true);
    Path spoolDir = Files.createDirectory(dir.resolve("spool"));
    AtomicLong free = new AtomicLong(PLENTY);
    List<Integer> filesWhenAsked = new ArrayList<>();
    GzipFileSource source =
        spooling(
            gz,
            spoolDir,
            d -> {
              try {
                filesWhenAsked.add(spoolFiles(spoolDir).size());
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              return filesWhenAsked.size() == 3 ? 0 : free.get(); // short at the third check
            },
            40_000);
    try (source) {
      assertThat(pass(source, 9)).isEqualTo(bytes);
      assertThat(filesWhenAsked)
          .as("a spool was being written when the room ran short")
          .containsExactly(0, 1, 1);
      assertThat(spoolFiles(spoolDir)).as("the partial spool closed").isEmpty();
      assertThat(source.inflatesOnRead()).isTrue();
      assertThat(source.seekable()).as("chunked, so still read from the nearest member").isTrue();
      assertRandomReadsMatch(source, bytes, 10);
      assertThat(pass(source, 11)).as("a second pass inflates again").isEqualTo(bytes);
      assertThat(filesWhenAsked).as("never tried again").hasSize(3);
      assertThat(spoolFiles(spoolDir)).isEmpty();
    }
  }

  @Test
  void switchedOffAChunkedDumpIsNeverSpooledButASingleMemberOneStillIsIfThereIsRoom()
      throws IOException {
    byte[] bytes = dumpLikeBytes(100_000, 12);
    Path chunked = writeMembers("k.hprof.gz", bytes, 4_000, true);
    Path single = writeMembers("s.hprof.gz", bytes, bytes.length, false);
    Path spoolDir = Files.createDirectory(dir.resolve("spool"));
    try (GzipFileSource source =
        new GzipFileSource(chunked, true, false, spoolDir, d -> PLENTY, 1 << 20)) {
      assertThat(pass(source, 13)).isEqualTo(bytes);
      assertThat(source.inflatesOnRead()).isTrue();
      assertThat(spoolFiles(spoolDir)).isEmpty();
      assertRandomReadsMatch(source, bytes, 14);
    }
    // one member cannot be read from the middle otherwise: spooled whatever the switch
    try (GzipFileSource source =
        new GzipFileSource(single, true, false, spoolDir, d -> PLENTY, 1)) {
      assertThat(pass(source, 15)).isEqualTo(bytes);
      assertThat(source.inflatesOnRead()).isFalse();
      assertRandomReadsMatch(source, bytes, 16);
    }
    // but not into a disk without room: read from the start again, slowly, the same bytes
    try (GzipFileSource source = new GzipFileSource(single, true, true, spoolDir, d -> 0, 1)) {
      assertThat(pass(source, 18)).isEqualTo(bytes);
      assertThat(source.inflatesOnRead()).isTrue();
      assertThat(source.seekable()).isFalse();
      assertThat(spoolFiles(spoolDir)).isEmpty();
      assertRandomReadsMatch(source, bytes, 19);
    }
    // a caller that reads once never spools either kind
    for (Path p : List.of(chunked, single)) {
      try (GzipFileSource source = new GzipFileSource(p, false, true, spoolDir, d -> PLENTY, 1)) {
        assertThat(pass(source, 17)).isEqualTo(bytes);
        assertThat(source.inflatesOnRead()).as(p.toString()).isTrue();
        assertThat(spoolFiles(spoolDir)).isEmpty();
      }
    }
  }
}
