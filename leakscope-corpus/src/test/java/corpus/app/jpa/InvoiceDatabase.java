package corpus.app.jpa;

import java.math.BigDecimal;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.cfg.Configuration;

/** Hibernate over an in-memory H2 database of invoices, as the corpus's JPA programs share it. */
final class InvoiceDatabase {
  static SessionFactory open(String name, int invoices) {
    SessionFactory factory =
        new Configuration()
            .addAnnotatedClass(Invoice.class)
            .setProperty("hibernate.connection.url", "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1")
            .setProperty("hibernate.connection.username", "sa")
            .setProperty("hibernate.connection.password", "")
            .setProperty("hibernate.hbm2ddl.auto", "create")
            .buildSessionFactory();
    try (StatelessSession session = factory.openStatelessSession()) {
      session.getTransaction().begin();
      for (long id = 0; id < invoices; id++) {
        session.insert(
            new Invoice(
                id,
                "customer-" + id % 400,
                "services rendered, order " + id,
                BigDecimal.valueOf(100 + id % 900, 2)));
      }
      session.getTransaction().commit();
    }
    return factory;
  }

  private InvoiceDatabase() {}
}
