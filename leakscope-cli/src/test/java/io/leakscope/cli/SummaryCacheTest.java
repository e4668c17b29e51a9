package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryCacheTest {

  @Test
  void anOptionWinsThenLeakscopesVariableThenXdgThenHome() {
    Map<String, String> both = Map.of("LEAKSCOPE_CACHE_DIR", "/l", "XDG_CACHE_HOME", "/x");
    assertThat(SummaryCache.resolve(Path.of("/given"), both, "/home/u"))
        .isEqualTo(Path.of("/given"));
    assertThat(SummaryCache.resolve(null, both, "/home/u")).isEqualTo(Path.of("/l/summaries"));
    assertThat(SummaryCache.resolve(null, Map.of("XDG_CACHE_HOME", "/x"), "/home/u"))
        .isEqualTo(Path.of("/x/leakscope/summaries"));
    assertThat(SummaryCache.resolve(null, Map.of(), "/home/u"))
        .isEqualTo(Path.of("/home/u/.cache/leakscope/summaries"));
  }

  @Test
  void aRelativeXdgDirectoryIsIgnoredAsTheSpecificationSays() {
    assertThat(SummaryCache.resolve(null, Map.of("XDG_CACHE_HOME", "rel"), "/home/u"))
        .isEqualTo(Path.of("/home/u/.cache/leakscope/summaries"));
    assertThat(SummaryCache.resolve(null, Map.of(), null)).isNull();
  }
}
