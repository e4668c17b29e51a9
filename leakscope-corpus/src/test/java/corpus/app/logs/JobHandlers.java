package corpus.app.logs;

import corpus.support.HeapDumps;
import java.io.ByteArrayOutputStream;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Leak: each export job adds a {@code java.util.logging} {@link StreamHandler} to the shared export
 * logger to collect its own log for the job's report, and never removes it. Every handler stays on
 * the logger, and each writes every later record of every job into its buffer: +40 handlers per
 * step.
 */
public final class JobHandlers {
  static final Logger EXPORTS = Logger.getLogger("corpus.exports");

  static int runJob(int job) {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    StreamHandler handler = new StreamHandler(log, new SimpleFormatter());
    handler.setLevel(Level.ALL);
    EXPORTS.addHandler(handler); // the bug: no removeHandler(handler) when the job is done
    for (int row = 0; row < 10; row++) {
      EXPORTS.info("job " + job + " exported row " + row);
    }
    handler.flush();
    return log.size();
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    EXPORTS.setUseParentHandlers(false); // the console stays quiet
    int job = 0;
    long bytes = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 40; i++, job++) {
        bytes += runJob(job);
      }
      dumps.take(dump);
    }
    System.out.println("bytes " + bytes);
  }

  private JobHandlers() {}
}
