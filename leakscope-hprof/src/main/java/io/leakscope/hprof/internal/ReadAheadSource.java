package io.leakscope.hprof.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A dump source whose streams read ahead on a thread of their own, for the passes that read the
 * whole dump from start to end.
 *
 * <p>Design note. A pass over a dump does two things one after the other on one thread: it gets the
 * bytes (inflating a gzip dump, or waiting for the disk when the dump is bigger than the page
 * cache) and it decodes them. Here a second thread gets the next bytes while the first decodes the
 * ones before, so a pass takes about the longer of the two instead of their sum. On a gzip dump
 * inflating is about as slow as decoding, and the index build of a 1.5 GB {@code jcmd -gz=1} dump
 * took 21% less time. {@code HprofFile.openPass} uses it only while reads inflate ({@link
 * DumpSource#inflatesOnRead}): on a plain dump in the page cache, or a gzip dump already spooled to
 * a plain file, there is nothing slow to overlap, and the extra copy made the passes slower.
 *
 * <p>The reading thread fills up to {@link #CHUNKS} chunks of {@link #CHUNK} bytes (4 MiB in all,
 * whatever the dump's size) and hands them over in order; the pass copies out of them into its own
 * buffer. An error of the underlying stream (a truncated or corrupt gzip member, an I/O error)
 * reaches the pass after every byte read before it, as the same exception object, so messages and
 * offsets are those of a direct read. The reading thread is never interrupted: an interrupt in a
 * {@code FileChannel} read closes the channel, which every reader of the dump shares. {@link
 * Stream#close()} instead tells it to stop and waits for it, which takes at most one chunk's read.
 *
 * <p>Only for passes towards the end of the dump: a random read of a few bytes would read 4 MiB
 * ahead for nothing.
 */
public final class ReadAheadSource implements DumpSource {
  /** Bytes per chunk handed from the reading thread to the pass. */
  static final int CHUNK = 1 << 20;

  /** Chunks in flight: read ahead, or being consumed. */
  static final int CHUNKS = 4;

  private final DumpSource source;

  public ReadAheadSource(DumpSource source) {
    this.source = source;
  }

  @Override
  public long length() {
    return source.length();
  }

  @Override
  public long fileLength() {
    return source.fileLength();
  }

  @Override
  public boolean compressed() {
    return source.compressed();
  }

  @Override
  public boolean seekable() {
    return source.seekable();
  }

  @Override
  public Stream openAt(long position) throws IOException {
    return new ReadAheadStream(source.openAt(position), CHUNK, CHUNKS);
  }

  /** Closes nothing: the wrapped source belongs to its opener. */
  @Override
  public void close() {}

  /** A chunk of bytes read ahead; the end of the stream, or its error, travels as one too. */
  private static final class Chunk {
    final byte[] data;
    int length;
    boolean end;
    Throwable error;

    Chunk(int size) {
      data = new byte[size];
    }
  }

  /** A stream read on a thread of its own, {@code chunks} chunks of {@code chunkSize} ahead. */
  static final class ReadAheadStream implements Stream {
    private static final long POLL_MILLIS = 50;

    private final Stream stream;
    private final BlockingQueue<Chunk> free;
    private final BlockingQueue<Chunk> full;
    private final Thread reader;
    private volatile boolean closed;
    private volatile long filePosition = -1; // the underlying stream's, after the last chunk read
    private Chunk current;
    private int consumed;

    ReadAheadStream(Stream stream, int chunkSize, int chunks) {
      this.stream = stream;
      this.free = new ArrayBlockingQueue<>(chunks);
      this.full = new ArrayBlockingQueue<>(chunks);
      for (int i = 0; i < chunks; i++) {
        free.add(new Chunk(chunkSize));
      }
      this.reader = new Thread(this::readAll, "leakscope-read-ahead");
      reader.setDaemon(true);
      reader.start();
    }

    /** The reading thread: fills free chunks in order until the end, an error, or close. */
    private void readAll() {
      try {
        while (!closed) {
          Chunk c = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
          if (c == null) {
            continue;
          }
          c.length = 0;
          try {
            while (c.length < c.data.length) {
              int n = stream.read(c.data, c.length, c.data.length - c.length);
              if (n < 0) {
                c.end = true;
                break;
              }
              c.length += n;
            }
          } catch (Throwable t) { // handed to the pass, which rethrows it in its own thread
            c.error = t;
          }
          filePosition = stream.filePosition();
          full.put(c); // never blocks: a chunk is either free, full or the pass's
          if (c.end || c.error != null) {
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // nobody interrupts it; end quietly if one does
      } finally {
        try {
          stream.close();
        } catch (IOException | RuntimeException ignored) {
          // the pass is over or failed already; nothing to report it to
        }
      }
    }

    /** The underlying stream's position after the last chunk it filled: ahead of the pass. */
    @Override
    public long filePosition() {
      return filePosition;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (current == null || consumed == current.length) {
        if (current != null) {
          if (current.end) {
            return -1;
          }
          if (current.error != null) {
            throw rethrow(current.error);
          }
          free.add(current);
          current = null;
        }
        try {
          current = full.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while reading the dump");
        }
        consumed = 0;
      }
      int n = Math.min(len, current.length - consumed);
      System.arraycopy(current.data, consumed, dst, off, n);
      consumed += n;
      return n;
    }

    private static IOException rethrow(Throwable t) {
      if (t instanceof IOException e) {
        return e;
      }
      if (t instanceof RuntimeException e) {
        throw e;
      }
      if (t instanceof Error e) {
        throw e;
      }
      return new IOException(t);
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      full.clear(); // what will not be read; the reading thread's put never blocks anyway
      boolean interrupted = false;
      while (true) {
        try {
          reader.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    /** Whether the reading thread has ended (for tests). */
    boolean readerDone() {
      return !reader.isAlive();
    }
  }
}
