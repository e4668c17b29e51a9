package io.leakscope.analysis.internal.parallel;

import io.leakscope.heap.internal.Processors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * A step of the analysis run on a second thread while the calling thread does another, for the
 * independent passes of the pipeline (two cores are the common case of the machines it runs on).
 *
 * <p>Design note. One daemon thread per fork, joined by {@link #join}: the pipeline forks a handful
 * of times per dump, so a pool would buy nothing. Whatever the step throws is rethrown by {@link
 * #join} on the calling thread, an {@link IOException} as itself, so errors read as if the step had
 * run inline. On a machine with one processor (or with {@code -Dleakscope.analysis.threads=1}) the
 * step runs inline in {@link #join}, so results never depend on the threads: each step computes the
 * same thing either way, and nothing it shares with the other is written by either.
 *
 * @param <T> what the step computes
 */
public final class Forked<T> {
  /** A step that may throw an {@link IOException}. */
  @FunctionalInterface
  public interface Step<T> {
    T run() throws IOException;
  }

  private @Nullable Step<T> step; // dropped once run: it may hold what the caller frees next
  private final Thread thread;
  private final boolean parallel;
  private T result;
  private Throwable failure;
  private boolean done;

  private Forked(Step<T> step, String name) {
    this.step = step;
    this.parallel = Processors.forAnalysis() > 1;
    this.thread = new Thread(this::runStep, "leakscope-" + name);
    thread.setDaemon(true);
  }

  /** Starts {@code step} on its own thread (or, without a second processor, leaves it to join). */
  public static <T> Forked<T> start(String name, Step<T> step) {
    Forked<T> f = new Forked<>(step, name);
    if (f.parallel) {
      f.thread.start();
    }
    return f;
  }

  private void runStep() {
    Step<T> s = step;
    // whatever the step captured (a dominator tree, say) must not outlive it through this object,
    // which the caller's frame may keep after join
    step = null;
    try {
      result = Objects.requireNonNull(s, "run twice").run();
    } catch (Throwable t) { // rethrown on the joining thread
      failure = t;
    }
  }

  /** Waits for the step and returns what it computed, or throws what it threw. */
  public T join() throws IOException {
    if (!done) {
      done = true;
      if (parallel) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CancellationException("interrupted while waiting for " + thread.getName());
        }
      } else {
        runStep();
      }
    }
    if (failure instanceof IOException e) {
      throw e;
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw new UncheckedIOException(new IOException(failure));
    }
    return result;
  }
}
