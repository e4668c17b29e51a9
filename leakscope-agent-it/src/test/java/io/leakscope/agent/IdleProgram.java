package io.leakscope.agent;

/** Started in a child JVM by {@link LeakscopeAgentIT}: does nothing for the given seconds. */
public final class IdleProgram {

  private IdleProgram() {}

  public static void main(String[] args) throws InterruptedException {
    Thread.sleep(Long.parseLong(args[0]) * 1000);
  }
}
