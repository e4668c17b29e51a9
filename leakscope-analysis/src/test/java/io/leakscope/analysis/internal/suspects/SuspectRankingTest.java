package io.leakscope.analysis.internal.suspects;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.report.Suspect;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which accumulations are the JVM's own, never suspects: JDK objects directly in an {@code
 * Object[]} a JNI global reference holds (the shape of JDK 17's class-data-sharing roots), and
 * nothing deeper or of the application's classes. The real dump's case is in {@code
 * LeakSuspectsInRealDumpTest}.
 */
class SuspectRankingTest {
  private static final String ROOT = "JNI global java.lang.Object[]";

  @Test
  void onlyJdkObjectsDirectlyInAJniGlobalArrayAreTheJvmsOwn() {
    assertThat(SuspectRanking.jvmOwn(finding("java.lang.String"), ROOT, List.of(ROOT))).isTrue();

    // a native library's map held through a global reference: deeper than the root
    String map = "JNI global java.util.HashMap";
    assertThat(
            SuspectRanking.jvmOwn(finding("byte[]"), map, List.of(map, "java.util.HashMap.table")))
        .isFalse();
    // the application's objects in such an array
    assertThat(SuspectRanking.jvmOwn(finding("com.acme.Session"), ROOT, List.of(ROOT))).isFalse();
    // held in a static field
    String field = "com.acme.Registry.cache";
    assertThat(
            SuspectRanking.jvmOwn(finding("java.lang.String"), field, List.of("static " + field)))
        .isFalse();
  }

  private static Finding finding(String accumulated) {
    return new Finding(
        Suspect.KIND_ACCUMULATION,
        1,
        null,
        accumulated,
        4000,
        400_000,
        List.of(),
        List.of(),
        "title",
        "explanation");
  }
}
