package io.leakscope.analysis.internal.suspects;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The application's packages from the dump's main class, and what that makes of the others. */
class ApplicationPackagesTest {
  @Test
  void theMainClassIsTheFirstWordOfTheCommandWhenItIsAClassName() {
    assertThat(MainClass.fromCommand("com.acme.orders.Main --port 8080"))
        .isEqualTo("com.acme.orders.Main");
    assertThat(MainClass.fromCommand("app.Main")).isEqualTo("app.Main");
    assertThat(MainClass.fromCommand("/srv/app.jar --port 8080")).isNull();
    assertThat(MainClass.fromCommand("app.jar")).isNull();
    assertThat(MainClass.fromCommand("  ")).isNull();
    assertThat(MainClass.fromCommand("-Dx=1 app.Main")).isNull();
  }

  @Test
  void theApplicationIsTheMainClasssTopTwoPackagesUnlessItIsALauncher() {
    assertThat(ApplicationPackages.applicationPrefixOf("com.acme.orders.Main", List.of()))
        .isEqualTo("com.acme.");
    assertThat(ApplicationPackages.applicationPrefixOf("app.Main", List.of())).isEqualTo("app.");
    assertThat(ApplicationPackages.applicationPrefixOf("Main", List.of())).isNull();
    // launchers: the JDK's, a known library's, one the user declared a library
    assertThat(ApplicationPackages.applicationPrefixOf("jdk.internal.misc.Main", List.of()))
        .isNull();
    assertThat(
            ApplicationPackages.applicationPrefixOf(
                "org.springframework.boot.loader.launch.JarLauncher", List.of()))
        .isNull();
    assertThat(
            ApplicationPackages.applicationPrefixOf(
                "org.apache.maven.surefire.booter.ForkedBooter", List.of()))
        .isNull();
    assertThat(
            ApplicationPackages.applicationPrefixOf("com.acme.boot.Launcher", List.of("com.acme")))
        .isNull();
  }

  @Test
  void withAMainClassEveryOtherPackageIsALibraryNamedByItsTopTwoPackages() {
    ApplicationPackages known = new ApplicationPackages(List.of(), "com.acme.orders.Main");
    assertThat(known.isApplication("com.acme.billing.Invoice")).isTrue();
    assertThat(known.isApplication("com.acme.orders.Main$$Lambda/0x0000000800c01000")).isTrue();
    assertThat(known.libraryName("net.example.fastmap.OpenMap")).isEqualTo("net.example");
    assertThat(known.libraryName("net.example.fastmap.OpenMap[]")).isEqualTo("net.example");
    assertThat(known.libraryName("com.google.common.cache.LocalCache")).isEqualTo("Guava");
    // the longest known prefix names it: Kafka's client, not "Apache libraries"
    assertThat(known.libraryName("org.apache.kafka.clients.producer.internals.Sender"))
        .isEqualTo("Kafka");
    assertThat(known.libraryName("org.apache.catalina.session.StandardManager"))
        .isEqualTo("Tomcat");
    assertThat(known.libraryName("org.apache.wicket.Page")).isEqualTo("Apache libraries");
    assertThat(known.isJdk("java.util.HashMap")).isTrue();
    assertThat(known.isApplication("java.util.HashMap")).isFalse();
    // without a main class, a package the list does not know is the application's
    ApplicationPackages unknown = new ApplicationPackages(List.of(), null);
    assertThat(unknown.isApplication("net.example.fastmap.OpenMap")).isTrue();
    assertThat(unknown.isApplication("com.acme.billing.Invoice")).isTrue();
  }
}
