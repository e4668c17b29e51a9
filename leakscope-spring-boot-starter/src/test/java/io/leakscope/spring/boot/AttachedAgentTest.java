package io.leakscope.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachedAgentTest {

  @TempDir Path dir;

  private Path jar(String name, String premainClass) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", premainClass);
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      // The manifest is the whole jar.
    }
    return jar;
  }

  @Test
  void findsTheAgentByItsManifestWhateverTheJarIsCalled() throws IOException {
    Path renamed = jar("agent.jar", AttachedAgent.AGENT_CLASS);
    Path other = jar("leakscope-agent.jar", "com.example.OtherAgent");
    assertThat(AttachedAgent.find(List.of("-Xmx1g", "-javaagent:" + other + "=dir=/tmp")))
        .isEmpty();
    assertThat(
            AttachedAgent.find(
                List.of(
                    "-javaagent:" + other,
                    "-javaagent:" + renamed + "=dir=/var/lib/leakscope,window=10m")))
        .contains(renamed);
    assertThat(AttachedAgent.find(List.of("-javaagent:" + renamed))).contains(renamed);
    assertThat(AttachedAgent.find(List.of("-javaagent:" + dir.resolve("missing.jar")))).isEmpty();
    assertThat(AttachedAgent.find(List.of("-javaagent:\0bad"))).isEmpty();
  }

  @Test
  void findsTheRealAgentJar() {
    Path agent = Path.of("../leakscope-agent/target/leakscope-agent.jar");
    assumeTrue(Files.isRegularFile(agent), "leakscope-agent.jar not built: " + agent);
    assertThat(AttachedAgent.find(List.of("-javaagent:" + agent + "=dir=/tmp/x"))).contains(agent);
  }

  @Test
  void thisTestJvmHasNoAgent() {
    assertThat(AttachedAgent.find()).isEmpty();
  }
}
