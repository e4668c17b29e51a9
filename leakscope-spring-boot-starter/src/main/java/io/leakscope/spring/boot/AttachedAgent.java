package io.leakscope.spring.boot;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Finds a leakscope agent attached to this JVM at start-up ({@code -javaagent:} on the command line
 * or in {@code JAVA_TOOL_OPTIONS}, both of which the JVM reports among its input arguments): a jar
 * whose manifest names {@value #AGENT_CLASS} as its {@code Premain-Class}, whatever the jar is
 * called. The agent runs its own watchdog; the starter then does not start a second one.
 *
 * <p>With the agent, the meters read the agent's watchdog through its platform MXBean ({@code
 * LeakscopeMetricsAutoConfiguration}); the endpoint and the health contributor are not offered
 * (they need a watchdog in the application: the agent's own endpoint serves the same).
 */
final class AttachedAgent {

  /** The agent's {@code Premain-Class}. */
  static final String AGENT_CLASS = "io.leakscope.agent.LeakscopeAgent";

  private static final String JAVAAGENT = "-javaagent:";

  private AttachedAgent() {}

  /** The jar of a leakscope agent attached to this JVM, if any. */
  static Optional<Path> find() {
    return find(ManagementFactory.getRuntimeMXBean().getInputArguments());
  }

  /** The jar of the first {@code -javaagent:} among {@code jvmArguments} that is leakscope's. */
  static Optional<Path> find(List<String> jvmArguments) {
    for (String argument : jvmArguments) {
      if (!argument.startsWith(JAVAAGENT)) {
        continue;
      }
      String spec = argument.substring(JAVAAGENT.length());
      int options = spec.indexOf('=');
      String jar = options < 0 ? spec : spec.substring(0, options);
      try {
        Path path = Path.of(jar);
        if (isLeakscopeAgent(path)) {
          return Optional.of(path);
        }
      } catch (InvalidPathException e) {
        // Not a path this JVM could have loaded an agent from: not ours.
      }
    }
    return Optional.empty();
  }

  private static boolean isLeakscopeAgent(Path jar) {
    if (!Files.isRegularFile(jar)) {
      return false;
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      return manifest != null
          && AGENT_CLASS.equals(manifest.getMainAttributes().getValue("Premain-Class"));
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /** Matches when no leakscope agent is attached. */
  static final class Absent extends SpringBootCondition {
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      Optional<Path> agent = find();
      if (agent.isEmpty()) {
        return ConditionOutcome.match("no leakscope agent attached");
      }
      String message =
          "the leakscope agent "
              + agent.get()
              + " is attached and runs its own watchdog: the starter starts none (no"
              + " leakscope endpoint or health contributor in this application; its meters"
              + " read the agent's watchdog)";
      if (LOGGED.compareAndSet(false, true)) {
        LogFactory.getLog(AttachedAgent.class).info(message);
      }
      return ConditionOutcome.noMatch(message);
    }
  }
}
