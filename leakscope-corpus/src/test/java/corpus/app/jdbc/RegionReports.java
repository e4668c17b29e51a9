package corpus.app.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import corpus.support.HeapDumps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Leak through JDBC: a report job borrows one connection from a HikariCP pool (H2 in memory) and
 * keeps it, and each request prepares and runs a statement on it without closing the statement or
 * its result set, so the pool's connection proxy keeps every statement it opened, and the driver
 * every statement's parsed command and result: +2,000 per step.
 */
public final class RegionReports {
  /** The report job's connection, borrowed once and kept. */
  static Connection connection;

  static long total(String region) throws SQLException {
    PreparedStatement statement =
        connection.prepareStatement("select sum(total) from report_row where region = ?");
    statement.setString(1, region);
    ResultSet result = statement.executeQuery();
    return result.next() ? result.getLong(1) : 0; // neither closed
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    try (HikariDataSource pool = ReportDatabase.open("reports")) {
      connection = pool.getConnection();
      int requests = 0;
      for (int dump = 1; dump <= 3; dump++) {
        for (int i = 0; i < 2_000; i++, requests++) {
          total("region-" + requests % 40);
        }
        dumps.take(dump);
      }
    }
  }

  private RegionReports() {}
}
