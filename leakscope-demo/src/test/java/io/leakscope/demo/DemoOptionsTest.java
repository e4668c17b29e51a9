package io.leakscope.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void defaultsAreAnyPortFourThreadsAndTheGivenLeak() {
    assertThat(DemoOptions.parse(new String[0], "none"))
        .isEqualTo(new DemoOptions(0, Leak.NONE, 4, false));
  }

  @Test
  void optionsTakeTheirValueAfterASpaceOrAnEqualsSign() {
    assertThat(
            DemoOptions.parse(
                new String[] {"--port", "8080", "--leak=Thread-Per-Request", "--threads=2"},
                "none"))
        .isEqualTo(new DemoOptions(8080, Leak.THREAD_PER_REQUEST, 2, false));
  }

  @Test
  void everyLeakHasItsOptionValue() {
    for (Leak leak : Leak.values()) {
      assertThat(Leak.parse(leak.optionValue())).isEqualTo(leak);
    }
    assertThat(Leak.optionValues())
        .containsExactly(
            "none",
            "cache",
            "threadlocal",
            "listeners",
            "scheduled",
            "unclosed",
            "thread-per-request",
            "native");
  }

  @Test
  void badValuesNameTheOptionAndWhatIsAllowed() {
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--leak", "memory"}, "none"))
        .hasMessage(
            "--leak=memory (expected one of none, cache, threadlocal, listeners, scheduled,"
                + " unclosed, thread-per-request, native)");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--port=70000"}, "none"))
        .hasMessage("--port=70000 (expected a whole number from 0 to 65535)");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--threads"}, "none"))
        .hasMessage("--threads: missing value");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"-x"}, "none"))
        .hasMessage("unknown option '-x' (expected --port, --leak, --threads or --help)");
  }
}
