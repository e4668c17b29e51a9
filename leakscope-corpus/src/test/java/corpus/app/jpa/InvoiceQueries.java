package corpus.app.jpa;

import corpus.support.HeapDumps;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Healthy, on Hibernate and H2: a session per request (opened, queried, closed), the same traffic
 * before each dump (1,500 requests: a query by customer and a read by id), after a warm-up of the
 * same. Hibernate's query plan cache, its metamodel and H2's caches are warm and bounded.
 */
public final class InvoiceQueries {
  static int serve(SessionFactory factory, int request) {
    try (Session session = factory.openSession()) {
      List<Invoice> invoices =
          session
              .createQuery("from Invoice where customer = :customer order by id", Invoice.class)
              .setParameter("customer", "customer-" + request % 400)
              .setMaxResults(20)
              .list();
      Invoice one = session.get(Invoice.class, (long) (request * 7 % 9_000));
      return invoices.size() + (one == null ? 0 : 1);
    }
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    SessionFactory factory = InvoiceDatabase.open("queries", 9_000);
    for (int request = 0; request < 1_500; request++) {
      serve(factory, request);
    }
    for (int dump = 1; dump <= 3; dump++) {
      for (int request = 0; request < 1_500; request++) {
        serve(factory, request);
      }
      dumps.take(dump);
    }
    factory.close();
  }

  private InvoiceQueries() {}
}
