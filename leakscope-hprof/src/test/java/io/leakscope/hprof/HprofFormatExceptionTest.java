package io.leakscope.hprof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HprofFormatExceptionTest {
  @Test
  void withDumpNamesTheDumpAndKeepsWhereAndWhy() {
    HprofFormatException cut =
        HprofFormatException.truncated(0x1f3a, "HEAP_DUMP_SEGMENT", "runs past the end", 0x1f00);
    EOFException eof = new EOFException("eof");
    cut.initCause(eof);
    cut.addSuppressed(new IllegalStateException("while closing"));

    HprofFormatException named = cut.withDump(Path.of("old.hprof"));

    assertThat(named.dump()).isEqualTo(Path.of("old.hprof"));
    assertThat(named.getMessage()).isEqualTo(cut.getMessage());
    assertThat(named.offset()).isEqualTo(0x1f3a);
    assertThat(named.truncated()).isTrue();
    assertThat(named.dumpEnd()).isEqualTo(0x1f00);
    assertThat(named.getCause()).isSameAs(eof);
    assertThat(named.getStackTrace()).isEqualTo(cut.getStackTrace());
    assertThat(named.getSuppressed()).isEqualTo(cut.getSuppressed());
    assertThat(cut.dump()).as("the original is unchanged").isNull();
  }

  @Test
  void aDamagedDumpStaysDamagedAndAMessageOnlyErrorKeepsItsUnknownOffset() {
    HprofFormatException damaged = new HprofFormatException(0x10, "record", "bad tag 0x7f");
    HprofFormatException named = damaged.withDump(Path.of("d.hprof"));
    assertThat(named.truncated()).isFalse();
    assertThat(named.dumpEnd()).isEqualTo(-1);
    assertThat(named.offset()).isEqualTo(0x10);
    assertThat(named.getCause()).isNull();

    HprofFormatException plain = new HprofFormatException("empty file").withDump(Path.of("e"));
    assertThat(plain.offset()).isEqualTo(-1);
    assertThat(plain.getMessage()).isEqualTo("empty file");
    assertThat(plain.dump()).isEqualTo(Path.of("e"));
    assertThatThrownBy(() -> plain.withDump(nullPath())).isInstanceOf(NullPointerException.class);
  }

  /** A null the compiler's null checks let through: the refusal of null is what is tested. */
  @SuppressWarnings("NullAway")
  private static Path nullPath() {
    return null;
  }
}
