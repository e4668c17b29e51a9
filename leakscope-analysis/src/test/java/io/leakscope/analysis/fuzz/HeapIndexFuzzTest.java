package io.leakscope.analysis.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.leakscope.heap.HeapIndex;
import io.leakscope.hprof.ProgressListener;
import java.io.IOException;

/**
 * The heap index built from arbitrary records after a valid header (so that the fuzzer spends its
 * time on records, not on the magic string), then queried the way reports query it. Seeds: {@code
 * HeapIndexFuzzTestInputs/}, dumps without their header.
 */
class HeapIndexFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void indexFailsOnlyWithFormatException(byte[] records) throws IOException {
    FuzzInput.expectOnlyFormatErrors(
        () -> {
          try (HeapIndex index =
              HeapIndex.open(FuzzInput.write(FuzzInput.HEADER, records), ProgressListener.NONE)) {
            query(index);
          }
        });
  }

  private static void query(HeapIndex index) throws IOException {
    int n = Math.min(index.objectCount(), 200);
    for (int id = 0; id < n; id++) {
      index.shallowSize(id);
      index.address(id);
      index.readString(id, 100);
      for (long e = index.graph().firstEdge(id); e < index.graph().endEdge(id); e++) {
        int target = index.graph().target(e);
        index.referenceName(id, index.referenceIndex(id, index.address(target)));
      }
    }
  }
}
