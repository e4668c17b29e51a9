package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakscope.cli.it.ClassHistogram.Row;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The harness's reading of {@code jcmd GC.class_histogram}, checked without starting a JVM. */
class ClassHistogramTest {
  private static String sample() throws IOException {
    try (InputStream in =
        ClassHistogramTest.class.getResourceAsStream("/it/jcmd-class-histogram-jdk25.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void arrayDescriptorsBecomeSourceNames() {
    assertThat(ClassHistogram.sourceName("[B")).isEqualTo("byte[]");
    assertThat(ClassHistogram.sourceName("[Z")).isEqualTo("boolean[]");
    assertThat(ClassHistogram.sourceName("[[I")).isEqualTo("int[][]");
    assertThat(ClassHistogram.sourceName("[Ljava.lang.String;")).isEqualTo("java.lang.String[]");
    assertThat(ClassHistogram.sourceName("[[[Lcom.acme.Foo$Bar;"))
        .isEqualTo("com.acme.Foo$Bar[][][]");
  }

  @Test
  void otherNamesStayAsTheJvmPrintsThem() {
    assertThat(ClassHistogram.sourceName("java.util.HashMap$Node"))
        .isEqualTo("java.util.HashMap$Node");
    assertThat(ClassHistogram.sourceName("com.acme.Prog$$Lambda/0x0000000064042838"))
        .isEqualTo("com.acme.Prog$$Lambda/0x0000000064042838");
  }

  @Test
  void jcmdRowsAreReadWithAndWithoutModule() throws IOException {
    ClassHistogram histogram = ClassHistogram.parseJcmd(sample());

    assertThat(histogram.get("byte[]")).isEqualTo(new Row(10114, 436672));
    assertThat(histogram.get("jdk.internal.vm.FillerElement[]")).isEqualTo(new Row(276, 7152));
    assertThat(histogram.get("int[][]")).isEqualTo(new Row(1, 40));
    assertThat(histogram.get("io.leakscope.cli.it.programs.VariedHeapProgram$Mixed[][][]"))
        .isEqualTo(new Row(1, 32));
    assertThat(
            histogram.get(
                "io.leakscope.cli.it.programs.VariedHeapProgram$$Lambda/0x0000000064042838"))
        .isEqualTo(new Row(1, 16));
  }

  @Test
  void rowsOfTheSameNameAreAddedUp() throws IOException {
    ClassHistogram histogram = ClassHistogram.parseJcmd(sample());

    assertThat(histogram.get("io.leakscope.cli.it.programs.VariedHeapProgram$Mixed"))
        .isEqualTo(new Row(100, 5600));
    assertThat(histogram.total()).isEqualTo(new Row(25052, 1180760));
  }

  @Test
  void fillerArraysFoldIntoIntArrays() throws IOException {
    ClassHistogram folded =
        ClassHistogram.parseJcmd(sample()).fold("jdk.internal.vm.FillerElement[]", "int[]");

    assertThat(folded.find("jdk.internal.vm.FillerElement[]")).isEmpty();
    assertThat(folded.get("int[]")).isEqualTo(new Row(1416 + 276, 49152 + 7152));
  }

  @Test
  void outputWithoutAMatchingTotalIsRejected() throws IOException {
    String truncated = sample().replaceAll("(?m)^Total.*$", "");
    String wrongTotal = sample().replaceAll("(?m)^Total.*$", "Total 1 2");

    assertThatThrownBy(() -> ClassHistogram.parseJcmd(truncated))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClassHistogram.parseJcmd(wrongTotal))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Total line says");
    assertThatThrownBy(
            () ->
                ClassHistogram.parseJcmd(
                    "12345:\ncom.sun.tools.attach.AttachNotSupportedException"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
