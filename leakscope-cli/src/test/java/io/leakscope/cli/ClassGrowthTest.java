package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassGrowthTest {
  private static String histogram(String... rows) {
    return " num     #instances         #bytes  class name (module)\n"
        + "-------------------------------------------------------\n"
        + String.join("\n", rows)
        + "\nTotal             0              0\n";
  }

  @Test
  void growthIsCountedAgainstTheFirstAndThePreviousHistogramWithLoadersSummed() {
    ClassGrowth growth = new ClassGrowth();
    growth.add(
        histogram(
            "   1:           100          16000  [B (java.base@17.0.15)",
            "   2:            10            240  com.acme.Session",
            "   3:             5            120  com.acme.Session",
            "   4:            50           1200  java.lang.String (java.base@17.0.15)"));
    assertThat(growth.topGrowing(10)).isEmpty();
    growth.add(
        histogram(
            "   1:           150          26000  [B (java.base@17.0.15)",
            "   2:            20            480  com.acme.Session",
            "   3:            40            960  java.lang.String (java.base@17.0.15)"));
    growth.add(
        histogram(
            "   1:           160          30000  [B (java.base@17.0.15)",
            "   2:            30            720  com.acme.Session",
            "   3:             2            64  [[Ljava.lang.Object; (java.base@17.0.15)"));

    assertThat(growth.topGrowing(10))
        .containsExactly(
            new ClassGrowth.Change("byte[]", 60, 14000, 4000),
            // 15 instances (two loaders) at first, 30 now; 480 bytes at the previous histogram
            new ClassGrowth.Change("com.acme.Session", 15, 360, 240),
            new ClassGrowth.Change("java.lang.Object[][]", 2, 64, 64));
    assertThat(growth.topGrowing(1))
        .extracting(ClassGrowth.Change::className)
        .containsExactly("byte[]");
  }

  @Test
  void jvmNamesBecomeSourceNames() {
    assertThat(
            List.of(
                "[B",
                "[[I",
                "[Ljava.lang.String;",
                "java.util.HashMap$Node",
                "Foo$$Lambda/0x1",
                "[Q"))
        .map(io.leakscope.watchdog.ClassHistogram::sourceName)
        .containsExactly(
            "byte[]",
            "int[][]",
            "java.lang.String[]",
            "java.util.HashMap$Node",
            "Foo$$Lambda/0x1",
            "[Q");
  }
}
