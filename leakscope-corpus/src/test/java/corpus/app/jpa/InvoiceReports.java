package corpus.app.jpa;

import corpus.support.HeapDumps;
import java.math.BigDecimal;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Leak through Hibernate: a reporting service keeps one long-lived {@link Session} (an {@code
 * EntityManager} in a singleton) and reads invoices through it for each request without ever
 * calling {@code clear()}, so its persistence context keeps every {@link Invoice} it loaded, with
 * its snapshot: +3,000 per step. The database itself does not change.
 */
public final class InvoiceReports {
  /** The reporting session, opened once. */
  static Session session;

  static BigDecimal total(long firstId, int count) {
    BigDecimal total = BigDecimal.ZERO;
    for (long id = firstId; id < firstId + count; id++) {
      total = total.add(session.get(Invoice.class, id).getAmount());
    }
    return total;
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    SessionFactory factory = InvoiceDatabase.open("reports", 9_000);
    session = factory.openSession();
    for (int dump = 1; dump <= 3; dump++) {
      for (int request = 0; request < 30; request++) {
        total((dump - 1) * 3_000L + request * 100L, 100);
      }
      dumps.take(dump);
    }
    factory.close();
  }

  private InvoiceReports() {}
}
