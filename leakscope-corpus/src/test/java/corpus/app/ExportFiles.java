package corpus.app;

import corpus.support.HeapDumps;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Leak through the JDK: each export is written to a temporary file marked {@code deleteOnExit()}
 * and deleted after it is sent. The JDK keeps each path marked for deletion until the JVM exits,
 * deleted or not: +2,000 paths per step.
 */
public final class ExportFiles {
  static void export(Path dir, int id) throws IOException {
    File file = File.createTempFile("export-" + id + "-", ".csv", dir.toFile());
    file.deleteOnExit();
    Files.writeString(file.toPath(), "id,total\n" + id + "," + id * 3 + "\n");
    Files.delete(file.toPath());
  }

  public static void main(String[] args) throws IOException {
    HeapDumps dumps = HeapDumps.from(args);
    Path dir = Files.createTempDirectory("exports");
    int id = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 2_000; i++, id++) {
        export(dir, id);
      }
      dumps.take(dump);
    }
    Files.delete(dir);
  }

  private ExportFiles() {}
}
