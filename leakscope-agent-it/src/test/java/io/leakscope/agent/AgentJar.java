package io.leakscope.agent;

import java.nio.file.Path;

/** Where the tests of this module find leakscope-agent's shaded jar. */
final class AgentJar {
  private AgentJar() {}

  /** The jar: the pom says where (system property), the default is beside this module. */
  static final Path PATH =
      Path.of(
              System.getProperty(
                  "leakscope.agent.jar", "../leakscope-agent/target/leakscope-agent.jar"))
          .toAbsolutePath()
          .normalize();
}
