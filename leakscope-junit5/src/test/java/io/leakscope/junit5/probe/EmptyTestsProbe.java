package io.leakscope.junit5.probe;

import org.junit.jupiter.api.RepeatedTest;

/** Twenty empty tests without the check: the baseline for measuring the extension's overhead. */
public class EmptyTestsProbe {

  @RepeatedTest(20)
  void nothing() {}
}
