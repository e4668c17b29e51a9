package corpus.app.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import corpus.support.HeapDumps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Healthy, on HikariCP and H2: each request borrows a connection, runs a statement and closes the
 * result set, the statement and the connection (try-with-resources). The same 2,000 requests before
 * each dump, after a warm-up of the same.
 */
public final class RegionTotals {
  static long total(HikariDataSource pool, String region) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement s =
            c.prepareStatement("select sum(total) from report_row where region = ?")) {
      s.setString(1, region);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : 0;
      }
    }
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    try (HikariDataSource pool = ReportDatabase.open("totals")) {
      for (int dump = 0; dump <= 3; dump++) {
        for (int i = 0; i < 2_000; i++) {
          total(pool, "region-" + i % 40);
        }
        if (dump > 0) {
          dumps.take(dump);
        }
      }
    }
  }

  private RegionTotals() {}
}
