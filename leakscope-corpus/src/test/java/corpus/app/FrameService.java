package corpus.app;

import corpus.support.HeapDumps;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Leak of Netty buffers: each frame is encoded into a direct buffer from Netty's pooled allocator
 * (the default of Netty 4.1, which most Netty servers run) on one of 4 worker threads, and the
 * buffer is dropped without {@code release()}, so the pool never gets the memory back. Nothing of
 * the application refers to the buffers: the memory is held by the allocator's chunks, off the heap
 * (on JDK 25 through the foreign memory API, each chunk in an arena of its own). +1,200 frames of
 * 16 KB per step.
 */
public final class FrameService {
  static int encode(int frame) {
    ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(16 * 1024);
    buffer.writeInt(frame).writeZero(16 * 1024 - 4);
    return buffer.readableBytes(); // and never buffer.release()
  }

  public static void main(String[] args) throws Exception {
    // as many arenas as on a machine of 2 cores, whatever this one has
    System.setProperty("io.netty.allocator.numDirectArenas", "4");
    HeapDumps dumps = HeapDumps.from(args);
    ExecutorService workers = Executors.newFixedThreadPool(4);
    int frames = 0;
    for (int dump = 1; dump <= 3; dump++) {
      List<Future<Integer>> encoded = new ArrayList<>();
      for (int i = 0; i < 1_200; i++, frames++) {
        int frame = frames;
        encoded.add(workers.submit(() -> encode(frame)));
      }
      for (Future<Integer> f : encoded) {
        f.get();
      }
      dumps.take(dump);
    }
    workers.shutdown();
  }

  private FrameService() {}
}
