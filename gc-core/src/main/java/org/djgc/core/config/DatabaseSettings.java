package org.djgc.core.config;

/**
 * The DataJoint database connection, resolved from {@code datajoint.json}, {@code .secrets/} and
 * the {@code DJ_*} environment. {@link #toString()} never shows the password.
 *
 * @param host server host name
 * @param port server port (3306 for MySQL, 5432 for PostgreSQL when unset)
 * @param user user name, or null when not configured
 * @param password password, or null when not configured
 * @param backend {@code mysql} or {@code postgresql}
 * @param useTls {@code database.use_tls} / {@code DJ_USE_TLS}: true requires TLS, false disables it,
 *     null (unset) uses TLS when the server offers it
 * @param name {@code database.name} / {@code DJ_DATABASE_NAME}: the PostgreSQL database whose
 *     namespaces are DataJoint's schemas ({@code postgres} when unset); unused on MySQL
 */
public record DatabaseSettings(String host, int port, String user, String password, String backend,
    Boolean useTls, String name) {
  /** DataJoint's default PostgreSQL database. */
  public static final String DEFAULT_POSTGRES_DATABASE = "postgres";

  /** Settings without a database name (MySQL's, or PostgreSQL's default database). */
  public DatabaseSettings(String host, int port, String user, String password, String backend, Boolean useTls) {
    this(host, port, user, password, backend, useTls, DEFAULT_POSTGRES_DATABASE);
  }

  /** Whether the pipeline lives on PostgreSQL. */
  public boolean postgres() {
    return backend.equals("postgresql");
  }

  /** A description safe for logs and error messages: user, host and port, no password. */
  public String describe() {
    return (user == null ? "" : user + "@") + host + ":" + port + (postgres() ? "/" + name : "") + " (" + backend
        + ")";
  }

  @Override
  public String toString() {
    return "DatabaseSettings[" + describe() + ", password=" + (password == null ? "unset" : "***") + "]";
  }
}
