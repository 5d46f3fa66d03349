package org.djgc.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL test database (issue 12): {@code DJGC_TEST_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/djgc_pipeline}), user and password as for MariaDB
 * ({@code DJGC_TEST_DB_USER}, {@code DJGC_TEST_DB_PASSWORD}). {@code scripts/services.sh} creates
 * the role and the database.
 */
public final class TestPostgres implements PipelineServer {
  private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+).*");

  private final String host;
  private final int port;
  private final String database;
  private final String user;
  private final String password;

  private TestPostgres(String host, int port, String database, String user, String password) {
    this.host = host;
    this.port = port;
    this.database = database;
    this.user = user;
    this.password = password;
  }

  /** The configured test database. */
  public static TestPostgres get() {
    Map<String, String> env = System.getenv();
    String url = env.getOrDefault("DJGC_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/djgc_pipeline");
    Matcher matcher = URL.matcher(url);
    if (!matcher.matches()) {
      throw new IllegalStateException("DJGC_TEST_PG_URL must look like jdbc:postgresql://host:port/database, got "
          + url);
    }
    return new TestPostgres(matcher.group(1), matcher.group(2) == null ? 5432 : Integer.parseInt(matcher.group(2)),
        matcher.group(3), env.getOrDefault("DJGC_TEST_DB_USER", TestDatabase.DEFAULT_USER),
        env.getOrDefault("DJGC_TEST_DB_PASSWORD", TestDatabase.DEFAULT_PASSWORD));
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public int port() {
    return port;
  }

  public String database() {
    return database;
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
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  @Override
  public String backend() {
    return "postgresql";
  }

  /** The default settings, and the database whose namespaces are the schemas. */
  @Override
  public Map<String, Object> datajointSettings() {
    Map<String, Object> settings = PipelineServer.super.datajointSettings();
    settings.put("name", database);
    return settings;
  }

  @Override
  public String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  @Override
  public void recreateSchema(String schema) {
    dropSchemas(schema);
    execute("CREATE SCHEMA " + quote(schema));
  }

  @Override
  public DataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(jdbcUrl());
    dataSource.setUser(user);
    dataSource.setPassword(password);
    dataSource.setConnectTimeout(5);
    return dataSource;
  }

  @Override
  public DataSource dataSourceIn(String schema) {
    PGSimpleDataSource dataSource = (PGSimpleDataSource) dataSource();
    dataSource.setCurrentSchema(schema);
    return dataSource;
  }

  /** Runs statements on a fresh connection, in autocommit mode. */
  @Override
  public void execute(String... sql) {
    try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed on " + jdbcUrl() + ": " + e.getMessage(), e);
    }
  }

  /** Drops schemas (namespaces) and everything in them, if they exist. */
  @Override
  public void dropSchemas(String... schemas) {
    for (String schema : schemas) {
      execute("DROP SCHEMA IF EXISTS " + quote(schema) + " CASCADE");
    }
  }

  /** Runs a psql script (a {@code pg_dump}) with {@code psql -v ON_ERROR_STOP=1}, as the test user. */
  public void runScript(InputStream script) {
    try {
      ProcessBuilder builder = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p",
          String.valueOf(port), "-U", user, "-d", database).redirectErrorStream(true);
      builder.environment().put("PGPASSWORD", password);
      Process psql = builder.start();
      try (var in = psql.getOutputStream()) {
        script.transferTo(in);
      }
      String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (psql.waitFor() != 0) {
        throw new IllegalStateException("psql failed on " + jdbcUrl() + ": " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run psql (apt-get install postgresql-client): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "postgresql";
  }
}
