package io.leakscope.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.DiffReport;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.hprof.HeapDumpBuilder;
import io.leakscope.testing.hprof.HeapDumpBuilder.ClassHandle;
import io.leakscope.testing.hprof.HeapDumpBuilder.FieldSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application field ({@code app.Main.STORE}) holds a store of package {@code lib} whose field
 * {@code lib.Store.items} holds the requests that leak. By default {@code lib} is the application
 * too and names the holder; declared a library, it is an internal and the application's field names
 * it, in the newest dump and in its baselines alike, so growth is still matched.
 */
class LibraryPackagesTest {
  @TempDir Path dir;

  private Path dump(String name, long time, int requests) throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().timestamp(time).shuffleObjects(time);
    ClassHandle main = b.defineClass("app.Main", b.objectClass());
    ClassHandle store = b.defineClass("lib.Store", b.objectClass(), FieldSpec.ref("items"));
    ClassHandle request = b.defineClass("app.Request", b.objectClass(), FieldSpec.ref("body"));
    for (ClassHandle c : List.of(main, store, request, b.arrayClass(request))) {
      b.stickyClass(c);
    }
    long[] items = new long[requests];
    for (int i = 0; i < requests; i++) {
      items[i] = b.instance(request, b.primitiveArray(new byte[200]).id()).id();
    }
    long s = b.instance(store, b.objectArray(b.arrayClass(request), items).id()).id();
    main.staticField(FieldSpec.ref("STORE"), s);
    Path p = dir.resolve(name);
    b.writeTo(p);
    return p;
  }

  @Test
  void aDeclaredLibraryIsSeenThroughInTheNewestDumpAndItsBaselines() throws IOException {
    Path old = dump("old.hprof", 1_000, 100);
    Path now = dump("new.hprof", 2_000, 300);
    Suspect byDefault =
        HeapAnalyzer.analyze(now, new AnalysisOptions(5, List.of(old)), ProgressListener.NONE)
            .suspects()
            .get(0);
    assertThat(byDefault.holder()).isEqualTo("lib.Store.items");

    AnalysisReport r =
        HeapAnalyzer.analyze(
            now,
            new AnalysisOptions(5, List.of(old), false, List.of("lib")),
            ProgressListener.NONE);
    Suspect s = r.suspects().get(0);
    assertThat(s.holder()).isEqualTo("app.Main.STORE");
    assertThat(s.accumulatedClass()).isEqualTo("app.Request");
    // the baseline was named the same way: its size is in the series, growth is the difference
    assertThat(s.retainedSeries()).hasSize(2);
    assertThat(s.retainedSeries().get(0)).isPositive();
    assertThat(s.growthBytes()).isEqualTo(s.retainedBytes() - s.retainedSeries().get(0));
    assertThat(s.trend()).isEqualTo(Suspect.TREND_GROWING);

    DiffReport diff = HeapAnalyzer.diff(old, now, List.of("lib"), ProgressListener.NONE);
    assertThat(diff.growingHolders()).extracting(Suspect::holder).containsExactly("app.Main.STORE");
    assertThat(diff.growingHolders().get(0).retainedSeries().get(0)).isPositive();
  }
}
