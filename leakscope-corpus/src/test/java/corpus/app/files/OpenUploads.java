package corpus.app.files;

import corpus.support.HeapDumps;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leak: each upload's staged file is opened for the virus scan and the stream is kept in a map by
 * upload id for the scan's result, never closed or removed. Each keeps a file descriptor open: +200
 * per step.
 */
public final class OpenUploads {
  static final Map<String, InputStream> OPEN = new ConcurrentHashMap<>();

  public static void main(String[] args) throws IOException {
    HeapDumps dumps = HeapDumps.from(args);
    Path staged = Files.createTempFile("upload", ".bin");
    Files.write(staged, new byte[4096]);
    int n = 0;
    long read = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 200; i++, n++) {
        InputStream in = new FileInputStream(staged.toFile()); // the bug: never closed
        read += in.read(new byte[16]);
        OPEN.put("upload-" + n, in);
      }
      dumps.take(dump);
    }
    System.out.println("open " + OPEN.size() + " " + read);
    Files.deleteIfExists(staged);
  }

  private OpenUploads() {}
}
