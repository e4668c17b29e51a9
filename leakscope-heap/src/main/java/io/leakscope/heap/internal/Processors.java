package io.leakscope.heap.internal;

/**
 * How many processors the analysis may keep busy: the machine's, unless {@code
 * -Dleakscope.analysis.threads=N} says otherwise (1 runs every step on the calling thread, for
 * measuring or ruling the threads out). One place for the index build's and the analysis's second
 * threads, so that the switch means the same to both.
 */
public final class Processors {
  /** The system property that overrides the count. */
  public static final String PROPERTY = "leakscope.analysis.threads";

  private Processors() {}

  /** The property's value if set, else the machine's processors. */
  public static int forAnalysis() {
    return Integer.getInteger(PROPERTY, Runtime.getRuntime().availableProcessors());
  }
}
