package io.leakscope.hprof;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Passes writes through and turns {@link #close()} into a flush: the caller owns the stream. */
final class UnclosedOutputStream extends FilterOutputStream {
  UnclosedOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }
}
