package io.leakscope.heap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavaNamesTest {
  @Test
  void internalNamesBecomeJavaSourceNames() {
    assertThat(JavaNames.fromInternal("java/util/HashMap$Node"))
        .isEqualTo("java.util.HashMap$Node");
    assertThat(JavaNames.fromInternal("[B")).isEqualTo("byte[]");
    assertThat(JavaNames.fromInternal("[[I")).isEqualTo("int[][]");
    assertThat(JavaNames.fromInternal("[Z")).isEqualTo("boolean[]");
    assertThat(JavaNames.fromInternal("[Ljava/lang/Object;")).isEqualTo("java.lang.Object[]");
    assertThat(JavaNames.fromInternal("[[Ljava/lang/String;")).isEqualTo("java.lang.String[][]");
  }

  @Test
  void hiddenClassesAreNamedLikeClassGetName() {
    assertThat(JavaNames.fromInternal("com/acme/Foo$$Lambda+0x0000000800c01234"))
        .isEqualTo("com.acme.Foo$$Lambda/0x0000000800c01234");
    assertThat(JavaNames.fromInternal("[Lcom/acme/Foo$$Lambda+0x00000008;"))
        .isEqualTo("com.acme.Foo$$Lambda/0x00000008[]");
    // a '+' that is not a hidden-class suffix stays
    assertThat(JavaNames.fromInternal("scala/Foo+bar")).isEqualTo("scala.Foo+bar");
  }
}
