package io.leakscope.hprof.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An uncompressed dump read with positional {@link FileChannel} reads. Deliberately not memory
 * mapped: mapped pages count towards the analyzing process's resident set, and a dump is usually
 * bigger than the index we keep.
 */
public final class PlainFileSource implements DumpSource {
  private final FileChannel channel;
  private final long length;

  public PlainFileSource(Path path) throws IOException {
    this.channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      this.length = channel.size();
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public long fileLength() {
    return length;
  }

  @Override
  public boolean compressed() {
    return false;
  }

  @Override
  public Stream openAt(long position) {
    return new Stream() {
      private long pos = position;

      @Override
      public int read(byte[] dst, int off, int len) throws IOException {
        if (pos >= length) {
          return -1;
        }
        int n = channel.read(ByteBuffer.wrap(dst, off, len), pos);
        if (n > 0) {
          pos += n;
        }
        return n;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
