package corpus.app;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The worker pool of {@link ThumbnailService}. */
public final class ThumbnailWorkers {
  static final int SIZE = 8;

  /** Healthy: starts a thread per task up to its 8 core threads, then reuses them. */
  static final ThreadPoolExecutor POOL =
      new ThreadPoolExecutor(
          SIZE,
          SIZE,
          0,
          TimeUnit.MILLISECONDS,
          new LinkedBlockingQueue<>(),
          new ThreadFactoryBuilder().setNameFormat("thumbnail-%d").build());

  private ThumbnailWorkers() {}
}
