package corpus.app;

import corpus.support.HeapDumps;

/**
 * Leak (shutdown hooks): each upload registers a JVM shutdown hook that would delete its staged
 * file, and the hook is never removed once the upload is done, so the JDK's list of hooks keeps
 * every upload's unstarted thread and what it refers to: +2,000 per step.
 */
public final class UploadService {
  /** What a hook would clean up: the staged upload. */
  static final class StagedUpload implements Runnable {
    final String path;
    final byte[] manifest = new byte[240];

    StagedUpload(String path) {
      this.path = path;
    }

    @Override
    public void run() {
      manifest[0] = 1; // would delete the staged file
    }
  }

  static void upload(int id) {
    StagedUpload staged = new StagedUpload("/var/uploads/staged-" + id);
    Runtime.getRuntime().addShutdownHook(new Thread(staged, "cleanup-" + id));
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int uploads = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 2_000; i++, uploads++) {
        upload(uploads);
      }
      dumps.take(dump);
    }
    System.out.flush();
    Runtime.getRuntime().halt(0); // the 6,000 hooks would each start a thread at exit
  }

  private UploadService() {}
}
