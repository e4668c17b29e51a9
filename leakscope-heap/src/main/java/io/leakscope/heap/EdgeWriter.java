package io.leakscope.heap;

import io.leakscope.heap.internal.AddressIndex;
import io.leakscope.heap.internal.HighSteps;
import io.leakscope.heap.internal.ParkedArrays;
import io.leakscope.heap.internal.Processors;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Pass 2's references on their way into the graph: from addresses to ids, and appended with each
 * object's first edge to the edge files, in id order, on a second thread while the pass reads on.
 *
 * <p>Design note. Looking up the address of every reference in the {@link AddressIndex} was 70% of
 * pass 2's samples on a 31M-object dump (a lookup costs a cache miss or two in an index of 9 bytes
 * per object), and pass 2 was the longest step of the index build. Decoding the records and looking
 * up their references need nothing from each other but order, so the pass hands its raw addresses
 * over in batches, and a second thread looks them up and appends them. The pass then takes about
 * the longer of the two rather than their sum. The order of the edges is the order of the batches,
 * which the queue keeps; each batch records where each object's references begin in it, so an
 * object's first edge is appended after the references resolved before it (a missing target, not in
 * the dump, is dropped and counted), exactly as an inline lookup would. An object whose references
 * fill more than one batch (a big array) simply continues in the next.
 *
 * <p>Measured on that dump (1.54 GB, 49M references), pass 2 took 2.7 to 2.9 s against 3.5 to 3.6 s
 * inline: the second thread is busy 1.6 s, the reading thread 2.2 s, and it waits 0.45 s for a free
 * batch when a run of big arrays outpaces the lookups. The two threads share the memory bus, so
 * neither runs as fast as it would alone.
 *
 * <p>Memory: {@value #BATCHES} batches of {@value #BATCH} addresses and as many object starts, 12
 * bytes each (768 KB), plus the lookups' two scratch arrays (128 KB), whatever the dump's size.
 *
 * <p>On one processor (or with {@code -Dleakscope.analysis.threads=1}), and on two when the pass
 * inflates a gzip dump on a thread of its own ({@link #of}), each batch is resolved on the pass's
 * own thread when it is full: the same results, one after the other. An error of the second thread
 * (an {@link IOException} of the edge files, an out-of-memory error) reaches the pass at its next
 * batch or at {@link #finish}, as the same object. {@link #close} stops the thread whatever
 * happened, before the builder closes the files it writes.
 */
final class EdgeWriter implements Closeable {
  /** References (and object starts) per batch. */
  static final int BATCH = 1 << 14;

  /** Batches in flight: being filled, waiting, being resolved. */
  static final int BATCHES = 4;

  /** Raw references of the pass, and where each object's begin among them. */
  private static final class Batch {
    final long[] addresses;
    int count;
    final int[] starts;
    int objects;

    Batch(int size) {
      addresses = new long[size];
      starts = new int[size];
    }
  }

  private final AddressIndex index;
  private final ParkedArrays.Appender edgeStarts;
  private final ParkedArrays.Appender targets;
  private final HighSteps highSteps = new HighSteps();
  private final int batchSize;
  private final int[] found;
  private final int[] bucketEnds;
  private long edges;
  private long missing;

  private final @Nullable Thread thread;
  private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES + 1);
  private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);

  /** Sent after the last batch: the thread ends. */
  private final Batch end = new Batch(0);

  private volatile @Nullable Throwable failure;
  private Batch current;
  private boolean finished;

  /**
   * @param edgeStarts receives each object's first edge's low 32 bits, then the end of the edges
   * @param targets receives the edges' targets
   */
  EdgeWriter(
      AddressIndex index,
      ParkedArrays.Appender edgeStarts,
      ParkedArrays.Appender targets,
      boolean parallel,
      int batchSize) {
    this.index = index;
    this.edgeStarts = edgeStarts;
    this.targets = targets;
    this.batchSize = batchSize;
    this.found = new int[batchSize];
    this.bucketEnds = new int[batchSize];
    this.current = new Batch(batchSize);
    if (parallel) {
      for (int k = 1; k < BATCHES; k++) {
        free.add(new Batch(batchSize));
      }
      Thread t = new Thread(this::run, "leakscope-edges");
      t.setDaemon(true);
      t.start();
      thread = t;
    } else {
      thread = null;
    }
  }

  /**
   * An edge writer on a second thread where there is a processor for it.
   *
   * @param readAhead whether the pass inflates the dump on a thread of its own ({@link
   *     io.leakscope.hprof.HprofFile#passReadsAhead}): then the lookups take a thread only where
   *     there is a third processor. On two, a third thread only took turns with the other two: pass
   *     2 of the 1.5 GB dump's gzip form took 0.6 s longer with it.
   */
  static EdgeWriter of(
      AddressIndex index,
      ParkedArrays.Appender edgeStarts,
      ParkedArrays.Appender targets,
      boolean readAhead) {
    boolean parallel = Processors.forAnalysis() > (readAhead ? 2 : 1);
    return new EdgeWriter(index, edgeStarts, targets, parallel, BATCH);
  }

  /** A reference of the current object (0, the null reference, is no edge). */
  void ref(long address) throws IOException {
    if (address == 0) {
      return;
    }
    Batch b = current;
    b.addresses[b.count++] = address;
    if (b.count == batchSize) {
      handOver();
    }
  }

  /** The next object begins: its references follow. */
  void startObject() throws IOException {
    Batch b = current;
    b.starts[b.objects++] = b.count;
    if (b.objects == batchSize) {
      handOver();
    }
  }

  /**
   * Ends the last object's list and waits until every reference is written.
   *
   * @return the indices where the edge starts' high 32 bits step up ({@link HighSteps})
   */
  int[] finish() throws IOException {
    startObject(); // the end of the last list
    if (thread == null) {
      resolve(current);
    } else {
      handOver();
      put(end);
      join();
    }
    finished = true;
    rethrowFailure();
    return highSteps.steps();
  }

  /** References whose target is not in the dump; after {@link #finish}. */
  long missing() {
    return missing;
  }

  /** Whether the second thread is running (for tests). */
  boolean running() {
    return thread != null && thread.isAlive();
  }

  /** Stops the second thread if {@link #finish} did not; harmless twice. */
  @Override
  public void close() throws IOException {
    if (thread != null && !finished) {
      finished = true;
      failure = failure == null ? new IOException("pass 2 stopped") : failure;
      put(end);
      join();
    }
  }

  private void handOver() throws IOException {
    rethrowFailure();
    if (thread == null) {
      resolve(current);
      current.count = 0;
      current.objects = 0;
      return;
    }
    put(current);
    try {
      Batch next;
      do {
        next = free.poll(1, TimeUnit.SECONDS);
        rethrowFailure();
      } while (next == null && thread.isAlive());
      if (next == null) {
        throw new IllegalStateException("the edge writer's thread ended early");
      }
      current = next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while pass 2 waited for its edges");
    }
  }

  private void put(Batch b) throws InterruptedIOException {
    try {
      full.put(b);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while pass 2 handed over its edges");
    }
  }

  private void join() throws InterruptedIOException {
    try {
      java.util.Objects.requireNonNull(thread).join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while pass 2 waited for its edges");
    }
  }

  private void rethrowFailure() throws IOException {
    Throwable f = failure;
    if (f == null) {
      return;
    }
    if (f instanceof IOException io) {
      throw io;
    }
    if (f instanceof UncheckedIOException u) {
      throw u.getCause();
    }
    if (f instanceof RuntimeException r) {
      throw r;
    }
    if (f instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(f);
  }

  /** The second thread: resolves batches in order until the end; after a failure only recycles. */
  private void run() {
    while (true) {
      Batch b;
      try {
        b = full.take();
      } catch (InterruptedException e) {
        failure = failure == null ? e : failure;
        return;
      }
      if (b == end) {
        return;
      }
      if (failure == null) {
        try {
          resolve(b);
        } catch (Throwable t) { // rethrown on the pass's thread
          failure = t;
        }
      }
      b.count = 0;
      b.objects = 0;
      free.add(b);
    }
  }

  /** Looks the batch's addresses up and appends them, and the objects' starts, in order. */
  private void resolve(Batch b) {
    index.findAll(b.addresses, b.count, found, bucketEnds);
    int o = 0;
    for (int i = 0; i < b.count; i++) {
      while (o < b.objects && b.starts[o] == i) {
        edgeStarts.add(highSteps.add((int) edgeStarts.size(), edges));
        o++;
      }
      int t = found[i];
      if (t < 0) {
        missing++;
      } else {
        targets.add(t); // cannot overflow: sized for every id-sized slot of the file
        edges++;
      }
    }
    for (; o < b.objects; o++) {
      edgeStarts.add(highSteps.add((int) edgeStarts.size(), edges));
    }
  }
}
