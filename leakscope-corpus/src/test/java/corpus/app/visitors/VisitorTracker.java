package corpus.app.visitors;

import corpus.support.HeapDumps;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Leak: the set of visitors online ({@link #ONLINE}) holds visitors whose {@code hashCode} covers a
 * field that changes after they are added (the page they are on). When a visitor leaves, {@code
 * remove} looks in the wrong bucket and finds nothing, so every visitor who ever moved stays:
 * +3,000 per step, while the number really online stays at 100.
 */
public final class VisitorTracker {
  static final Set<Visitor> ONLINE = new HashSet<>();

  /** A visitor; equality covers the page, which is the bug. */
  static final class Visitor {
    final String session;
    String page;
    final String userAgent;

    Visitor(String session, String page, String userAgent) {
      this.session = session;
      this.page = page;
      this.userAgent = userAgent;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Visitor v && v.session.equals(session) && v.page.equals(page);
    }

    @Override
    public int hashCode() {
      return Objects.hash(session, page);
    }
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, n++) {
        Visitor visitor =
            new Visitor("session-" + n, "/home", "Mozilla/5.0 (X11; Linux x86_64) visitor " + n);
        ONLINE.add(visitor);
        visitor.page = "/products/" + (n % 300); // changes its hash while in the set
        ONLINE.remove(visitor); // leaves: finds nothing, removes nothing
      }
      dumps.take(dump);
    }
    System.out.println("online " + ONLINE.size());
  }

  private VisitorTracker() {}
}
