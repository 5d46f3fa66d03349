package org.djgc.batch.config;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.djgc.core.config.ConfigurationException;

/**
 * A pool connects once as it is built (Hikari fails fast); a wrong host, port, user or password
 * is then one message naming the server and the settings to fix (exit 2), not a stack trace. The
 * driver's message carries no password.
 */
final class FirstConnection {
  private FirstConnection() {}

  /**
   * @param what which database, for the message ({@code dj-gc's metadata database})
   * @param where the server without credentials ({@code djgc@127.0.0.1:3306 (mysql)})
   * @param settings the settings that choose it, for the message
   */
  static HikariDataSource open(Supplier<HikariDataSource> pool, String what, String where, String settings) {
    try {
      return pool.get();
    } catch (RuntimeException e) {
      SQLException cause = null;
      for (Throwable t = e; t != null && cause == null; t = t.getCause() == t ? null : t.getCause()) {
        cause = t instanceof SQLException sql ? sql : null;
      }
      if (cause == null) {
        throw e;
      }
      throw new ConfigurationException("Cannot connect to " + what + " at " + where + ": " + firstLine(cause)
          + " (check " + settings + (timedOut(e) ? "; the server did not answer within gc.connect-timeout" : "")
          + ")", e);
    }
  }

  /** Whether the connection failed waiting for the server (connect or greeting). */
  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.SocketTimeoutException || t instanceof java.sql.SQLTimeoutException
          || String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
        return true;
      }
    }
    return false;
  }

  /** The driver's first line, and the network's own words when they say more ("Connection refused"). */
  private static String firstLine(SQLException e) {
    String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String rootMessage = root.getMessage() == null ? null : root.getMessage().lines().findFirst().orElse(null);
    return rootMessage == null || root == e || message.contains(rootMessage) ? message
        : message + " (" + rootMessage + ")";
  }
}
