package io.leakscope.cli.it.programs;

/**
 * Code that {@link PlantedLeaksProgram} loads again, in a new class loader, each time it
 * "redeploys": every copy of the class has its own static state.
 */
public final class LeakyPlugin {
  static final byte[] STATE = new byte[120_000];

  public int stateSize() {
    return STATE.length;
  }
}
