package io.leakscope.analysis.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.leakscope.hprof.ClassDump;
import io.leakscope.hprof.HprofFile;
import io.leakscope.hprof.HprofReader;
import io.leakscope.hprof.HprofVisitor;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.hprof.RecordInput;
import java.io.IOException;

/**
 * The HPROF reader over arbitrary file bytes (plain or gzip: the seeds hold both), with a visitor
 * that reads every payload the way the index does. Seeds: {@code HprofReaderFuzzTestInputs/}.
 */
class HprofReaderFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void readerFailsOnlyWithFormatException(byte[] data) throws IOException {
    FuzzInput.expectOnlyFormatErrors(
        () -> {
          try (HprofFile file = HprofFile.open(FuzzInput.write(new byte[0], data))) {
            HprofReader.read(file, new ReadingEverything(), ProgressListener.NONE, "fuzz");
          }
        });
  }

  /** Reads every value the reader hands out, as far as the visitor contract allows. */
  static final class ReadingEverything implements HprofVisitor {
    long seen;

    @Override
    public void classDump(ClassDump dump, long offset) {
      seen += dump.fieldTypes().length + dump.staticTypes().length;
    }

    @Override
    public void instanceDump(long id, long classId, long offset, RecordInput in, int fieldBytes)
        throws IOException {
      for (int i = 0; i < fieldBytes; i++) {
        seen += in.u1();
      }
    }

    @Override
    public void objectArrayDump(long id, long arrayClassId, int length, long offset, RecordInput in)
        throws IOException {
      for (int i = 0; i < length; i++) {
        seen += in.id();
      }
    }
  }
}
