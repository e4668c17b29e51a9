package corpus.app.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import corpus.support.HeapDumps;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Leak through HikariCP: a report job opens a connection pool for the tenant it runs for, reads one
 * number and never closes the pool. Each pool keeps its housekeeping executor, its thread and an
 * open connection to the tenant's H2 database in memory: +30 pools per step, 90 at the end.
 */
public final class TenantPools {
  static int report(int tenant) throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:tenant" + tenant);
    config.setUsername("sa");
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(1);
    HikariDataSource pool = new HikariDataSource(config); // never closed: the leak
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select " + tenant)) {
      return r.next() ? r.getInt(1) : -1;
    }
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    int tenant = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 30; i++, tenant++) {
        report(tenant);
      }
      Thread.sleep(500); // the pools' housekeepers settle
      dumps.take(dump);
    }
    System.exit(0);
  }

  private TenantPools() {}
}
