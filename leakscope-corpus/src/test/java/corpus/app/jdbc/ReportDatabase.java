package corpus.app.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A HikariCP pool over an H2 database in memory with 2,000 report rows in 40 regions. */
final class ReportDatabase {
  static HikariDataSource open(String name) throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    config.setUsername("sa");
    config.setMaximumPoolSize(4);
    config.setPoolName(name);
    HikariDataSource pool = new HikariDataSource(config);
    try (Connection setup = pool.getConnection();
        Statement ddl = setup.createStatement()) {
      ddl.execute("create table report_row(id int primary key, region varchar(16), total int)");
      ddl.execute(
          "insert into report_row select x, 'region-' || mod(x, 40), mod(x, 997)"
              + " from system_range(1, 2000)");
    }
    return pool;
  }

  private ReportDatabase() {}
}
