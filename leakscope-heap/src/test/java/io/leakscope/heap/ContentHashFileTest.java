package io.leakscope.heap;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.heap.internal.IntArrays;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Pass 2's content hashes on their way to a temporary file: in rank order with zeros for the ranks
 * skipped, and after a failed write never a wrong hash, only zeros (those arrays are hashed from
 * the dump when asked).
 */
class ContentHashFileTest {
  private static final int COUNT = 50_000; // several 64 KB buffers of 8,192 hashes

  /** Hashes for about two ranks in three, none 0 (a stored 0 means "not hashed"). */
  private static long[] expected(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] e = new long[COUNT];
    for (int r = 0; r < COUNT; r++) {
      e[r] = random.nextInt(3) == 0 ? 0 : random.nextLong() | 1;
    }
    return e;
  }

  @Test
  void hashesComeBackInRankOrderWithZerosForTheRanksSkipped() throws IOException {
    long[] e = expected(1);
    ContentHashes.HashFile w = ContentHashes.HashFile.open();
    assertThat(w).isNotNull();
    for (int r = 0; r < COUNT; r++) {
      if (e[r] != 0) {
        assertThat(w.put(r, e[r])).isTrue();
      }
    }
    try (FileChannel f = w.finish(COUNT)) {
      assertThat(f).isNotNull();
      f.position(0);
      assertThat(IntArrays.readLongs(f, COUNT)).isEqualTo(e);
    }
  }

  @Test
  void afterAFailedWriteTheHashesKeptAreRightAndTheRestZero() throws IOException {
    long[] e = expected(2);
    // a disk that fills after 100,003 bytes, the last write only half done
    try (FileChannel real = IntArrays.temporaryFile()) {
      ContentHashes.HashFile w = new ContentHashes.HashFile(new FillingChannel(real, 100_003));
      boolean failed = false;
      int r = 0;
      for (; r < COUNT && !failed; r++) {
        failed = e[r] != 0 && !w.put(r, e[r]);
      }
      assertThat(failed).as("a write failed").isTrue();
      long[] kept = w.toMemory(COUNT);
      int right = 0;
      for (int k = 0; k < COUNT; k++) {
        assertThat(kept[k]).as("rank %d: its hash or 0, never another", k).isIn(e[k], 0L);
        right += kept[k] == e[k] ? 1 : 0;
      }
      // the whole hashes before the failure are kept: 100,003 bytes hold 12,500 of them
      for (int k = 0; k < 12_500; k++) {
        assertThat(kept[k]).as("rank %d, written before the disk filled", k).isEqualTo(e[k]);
      }
      assertThat(kept[12_500]).as("half written").isZero();
      assertThat(right).isLessThan(COUNT);
    }
  }

  /** A file channel whose writes fail once {@code room} bytes are written, the last one partly. */
  private static final class FillingChannel extends FileChannel {
    private final FileChannel file;
    private long room;

    FillingChannel(FileChannel file, long room) {
      this.file = file;
      this.room = room;
    }

    @Override
    public int write(java.nio.ByteBuffer src) throws IOException {
      if (room <= 0) {
        throw new IOException("No space left on device");
      }
      if (src.remaining() > room) {
        java.nio.ByteBuffer part = src.duplicate();
        part.limit(part.position() + (int) room);
        int n = file.write(part);
        src.position(src.position() + n);
        room -= n;
        return n;
      }
      int n = file.write(src);
      room -= n;
      return n;
    }

    @Override
    public int read(java.nio.ByteBuffer dst) throws IOException {
      return file.read(dst);
    }

    @Override
    public long read(java.nio.ByteBuffer[] dsts, int offset, int length) throws IOException {
      return file.read(dsts, offset, length);
    }

    @Override
    public long write(java.nio.ByteBuffer[] srcs, int offset, int length) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long position() throws IOException {
      return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      file.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return file.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      file.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      file.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, java.nio.channels.WritableByteChannel t) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long transferFrom(java.nio.channels.ReadableByteChannel s, long position, long count) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(java.nio.ByteBuffer dst, long position) throws IOException {
      return file.read(dst, position);
    }

    @Override
    public int write(java.nio.ByteBuffer src, long position) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.nio.MappedByteBuffer map(MapMode mode, long position, long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.nio.channels.FileLock lock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.nio.channels.FileLock tryLock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException();
    }

    @Override
    protected void implCloseChannel() {
      // the real file is closed by the test
    }
  }
}
