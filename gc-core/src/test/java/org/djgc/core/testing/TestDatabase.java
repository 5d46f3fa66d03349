package org.djgc.core.testing;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The one place tests get their database from: {@code DJGC_TEST_JDBC_URL} (with {@code
 * DJGC_TEST_DB_USER} and {@code DJGC_TEST_DB_PASSWORD}) when set, else the local MariaDB that
 * {@code scripts/services.sh} starts. A missing server is a test failure, never a skip.
 */
public final class TestDatabase implements PipelineServer {
  public static final String DEFAULT_USER = "djgc";
  public static final String DEFAULT_PASSWORD = "djgc-test-pw";
  private static final Pattern URL = Pattern.compile("jdbc:(?:mysql|mariadb)://([^:/]+)(?::(\\d+))?.*");

  private final String host;
  private final int port;
  private final String user;
  private final String password;

  private TestDatabase(String host, int port, String user, String password) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
  }

  /** The configured test database. */
  public static TestDatabase get() {
    Map<String, String> env = System.getenv();
    String url = env.getOrDefault("DJGC_TEST_JDBC_URL", "jdbc:mysql://127.0.0.1:3306/");
    Matcher matcher = URL.matcher(url);
    if (!matcher.matches()) {
      throw new IllegalStateException("DJGC_TEST_JDBC_URL must look like jdbc:mysql://host:port/, got " + url);
    }
    int port = matcher.group(2) == null ? 3306 : Integer.parseInt(matcher.group(2));
    return new TestDatabase(matcher.group(1), port, env.getOrDefault("DJGC_TEST_DB_USER", DEFAULT_USER),
        env.getOrDefault("DJGC_TEST_DB_PASSWORD", DEFAULT_PASSWORD));
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String user() {
    return user;
  }

  @Override
  public String password() {
    return password;
  }

  public String jdbcUrl() {
    return "jdbc:mysql://" + host + ":" + port + "/";
  }

  /** A data source on the server, no default database. */
  @Override
  public DataSource dataSource() {
    MysqlDataSource dataSource = new MysqlDataSource();
    dataSource.setUrl(jdbcUrl() + "?useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=5000");
    dataSource.setUser(user);
    dataSource.setPassword(password);
    return dataSource;
  }

  @Override
  public DataSource dataSourceIn(String schema) {
    MysqlDataSource dataSource = new MysqlDataSource();
    dataSource.setUrl(jdbcUrl() + schema + "?useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=5000");
    dataSource.setUser(user);
    dataSource.setPassword(password);
    return dataSource;
  }

  /** Runs statements on a fresh connection. */
  @Override
  public void execute(String... sql) {
    try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String backend() {
    return "mysql";
  }

  @Override
  public String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  /** Drops and re-creates a schema. */
  @Override
  public void recreateSchema(String schema) {
    execute("DROP DATABASE IF EXISTS `" + schema + "`", "CREATE DATABASE `" + schema + "`");
  }

  /** Drops schemas if they exist. */
  @Override
  public void dropSchemas(String... schemas) {
    for (String schema : schemas) {
      execute("DROP DATABASE IF EXISTS `" + schema + "`");
    }
  }

  @Override
  public String toString() {
    return "mariadb";
  }
}
