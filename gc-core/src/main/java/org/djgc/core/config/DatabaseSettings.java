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
 */
public record DatabaseSettings(String host, int port, String user, String password, String backend,
    Boolean useTls) {

  /** A description safe for logs and error messages: user, host and port, no password. */
  public String describe() {
    return (user == null ? "" : user + "@") + host + ":" + port + " (" + backend + ")";
  }

  @Override
  public String toString() {
    return "DatabaseSettings[" + describe() + ", password=" + (password == null ? "unset" : "***") + "]";
  }
}
