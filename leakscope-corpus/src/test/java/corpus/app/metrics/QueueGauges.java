package corpus.app.metrics;

import corpus.support.HeapDumps;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Leak: each upload registers a gauge of its own chunk queue's size, tagged with the upload's id,
 * with {@code strongReference(true)} so that the gauge keeps reporting; the upload ends, the gauge
 * is never removed, and keeps its queue (and the chunks left in it) alive: +1,000 per step.
 */
public final class QueueGauges {
  static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

  /** What an upload still has to send. */
  static final class UploadQueue {
    final Deque<byte[]> chunks = new ArrayDeque<>();

    int size() {
      return chunks.size();
    }
  }

  static void upload(int n) {
    UploadQueue queue = new UploadQueue();
    Gauge.builder("upload.pending", queue, UploadQueue::size)
        .tag("upload", "upload-" + n) // the bug: a gauge per upload, never removed
        .strongReference(true)
        .register(REGISTRY);
    for (int i = 0; i < 4; i++) {
      queue.chunks.add(new byte[256]);
    }
    queue.chunks.poll(); // the upload stops with three chunks unsent
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 1_000; i++, n++) {
        upload(n);
      }
      dumps.take(dump);
    }
    System.out.println("meters " + REGISTRY.getMeters().size());
  }

  private QueueGauges() {}
}
