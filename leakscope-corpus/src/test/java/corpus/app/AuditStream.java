package corpus.app;

import corpus.support.HeapDumps;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;

/**
 * Leak through Java serialization: audit events are written to one long-lived ObjectOutputStream (a
 * socket to the audit server) that is never reset(), so the stream's table of handles keeps every
 * object it ever wrote: +3,000 AuditEvent per step.
 */
public final class AuditStream {
  static final class AuditEvent implements Serializable {
    private static final long serialVersionUID = 1L;
    final String user;
    final byte[] details = new byte[300];

    AuditEvent(String user) {
      this.user = user;
    }
  }

  /** The connection to the audit server: here, bytes thrown away. */
  static final ObjectOutputStream OUT = open();

  private static ObjectOutputStream open() {
    try {
      return new ObjectOutputStream(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void main(String[] args) throws IOException {
    HeapDumps dumps = HeapDumps.from(args);
    int events = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, events++) {
        OUT.writeObject(new AuditEvent("user-" + events)); // and never OUT.reset()
      }
      OUT.flush();
      dumps.take(dump);
    }
  }

  private AuditStream() {}
}
