package io.leakscope.watchdog;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Gzip at deflate level 1 with a 64 KiB buffer, for heap dumps: a dump compresses about as well at
 * a fraction of the CPU of the default level. Used for the evidence files and the endpoint's {@code
 * heapdump}.
 */
final class FastGzipOutputStream extends GZIPOutputStream {
  FastGzipOutputStream(OutputStream out) throws IOException {
    super(out, 1 << 16);
    def.setLevel(Deflater.BEST_SPEED);
  }
}
