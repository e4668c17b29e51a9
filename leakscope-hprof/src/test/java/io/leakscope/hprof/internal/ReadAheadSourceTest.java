package io.leakscope.hprof.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakscope.hprof.HprofFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReadAheadSourceTest {

  /** Serves {@code bytes} in reads of random short lengths, then the end or {@code error}. */
  private static final class ScriptedStream implements DumpSource.Stream {
    private final byte[] bytes;
    private final Random random;
    private final Throwable error;
    private int pos;
    final AtomicBoolean closed = new AtomicBoolean();
    volatile Thread readBy;

    ScriptedStream(byte[] bytes, long seed, Throwable error) {
      this.bytes = bytes;
      this.random = new Random(seed);
      this.error = error;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
      readBy = Thread.currentThread();
      if (pos == bytes.length) {
        if (error instanceof IOException e) {
          throw e;
        }
        if (error instanceof RuntimeException e) {
          throw e;
        }
        return -1;
      }
      int n = Math.min(Math.min(len, bytes.length - pos), 1 + random.nextInt(11));
      System.arraycopy(bytes, pos, dst, off, n);
      pos += n;
      return n;
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Reads the stream to its end in reads of random lengths (some zero), as a pass would. */
  private static byte[] readAll(DumpSource.Stream s, long seed) throws IOException {
    Random random = new Random(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64];
    while (true) {
      int off = random.nextInt(8);
      int n = s.read(buf, off, random.nextInt(buf.length - off + 1));
      if (n < 0) {
        return out.toByteArray();
      }
      out.write(buf, off, n);
    }
  }

  @Test
  void deliversEveryByteInOrderWhateverTheChunkAndReadSizes() throws IOException {
    for (int seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      byte[] bytes = randomBytes(random.nextInt(2000), seed);
      int chunk = 1 + random.nextInt(50);
      int chunks = 1 + random.nextInt(4);
      ScriptedStream inner = new ScriptedStream(bytes, seed, null);
      try (ReadAheadSource.ReadAheadStream s =
          new ReadAheadSource.ReadAheadStream(inner, chunk, chunks)) {
        assertThat(readAll(s, seed)).as("seed %d", seed).isEqualTo(bytes);
        assertThat(s.read(new byte[4], 0, 4)).as("the end stays the end").isEqualTo(-1);
      }
      assertThat(inner.closed).as("the inner stream is closed").isTrue();
      assertThat(inner.readBy).isNotSameAs(Thread.currentThread());
    }
  }

  @Test
  void anErrorArrivesAfterTheBytesBeforeItAsTheSameException() throws IOException {
    HprofFormatException cut =
        HprofFormatException.truncated(1234, "gzip member", "compressed data ends early", 1000);
    IllegalStateException odd = new IllegalStateException("odd");
    for (Throwable error : new Throwable[] {cut, odd}) {
      for (int seed = 0; seed < 50; seed++) {
        byte[] bytes = randomBytes(new Random(seed).nextInt(300), seed);
        ScriptedStream inner = new ScriptedStream(bytes, seed, error);
        try (ReadAheadSource.ReadAheadStream s =
            new ReadAheadSource.ReadAheadStream(inner, 16, 3)) {
          byte[] got = new byte[bytes.length];
          int n = 0;
          while (n < bytes.length) {
            n += s.read(got, n, bytes.length - n);
          }
          assertThat(got).isEqualTo(bytes);
          assertThatThrownBy(() -> s.read(new byte[1], 0, 1)).isSameAs(error);
          assertThatThrownBy(() -> s.read(new byte[1], 0, 1))
              .as("and again on the next read")
              .isSameAs(error);
        }
        assertThat(inner.closed).isTrue();
      }
    }
  }

  @Test
  void closeStopsTheReadingThreadWhetherItWaitsOrNot() throws IOException {
    // an endless stream: the reading thread fills every chunk and then waits for a free one
    DumpSource.Stream endless =
        new DumpSource.Stream() {
          @Override
          public int read(byte[] dst, int off, int len) {
            return len;
          }

          @Override
          public void close() {}
        };
    ReadAheadSource.ReadAheadStream unread = new ReadAheadSource.ReadAheadStream(endless, 1024, 2);
    unread.close();
    assertThat(unread.readerDone()).as("closed before any read").isTrue();

    ReadAheadSource.ReadAheadStream partly = new ReadAheadSource.ReadAheadStream(endless, 1024, 2);
    assertThat(partly.read(new byte[3000], 0, 3000)).isPositive();
    partly.close();
    assertThat(partly.readerDone()).as("closed in the middle").isTrue();
    partly.close(); // a second close is harmless
  }

  @Test
  void wrapsTheSourceWithoutClosingIt() throws IOException {
    AtomicBoolean closed = new AtomicBoolean();
    byte[] bytes = randomBytes(5000, 7);
    DumpSource source =
        new DumpSource() {
          @Override
          public long length() {
            return bytes.length;
          }

          @Override
          public long fileLength() {
            return 42;
          }

          @Override
          public boolean compressed() {
            return true;
          }

          @Override
          public Stream openAt(long position) {
            byte[] rest = java.util.Arrays.copyOfRange(bytes, (int) position, bytes.length);
            return new ScriptedStream(rest, position, null);
          }

          @Override
          public void close() {
            closed.set(true);
          }
        };
    ReadAheadSource ahead = new ReadAheadSource(source);
    assertThat(ahead.length()).isEqualTo(5000);
    assertThat(ahead.fileLength()).isEqualTo(42);
    assertThat(ahead.compressed()).isTrue();
    try (DumpSource.Stream s = ahead.openAt(1000)) {
      assertThat(readAll(s, 3)).isEqualTo(java.util.Arrays.copyOfRange(bytes, 1000, 5000));
    }
    ahead.close();
    assertThat(closed).isFalse();
  }
}
