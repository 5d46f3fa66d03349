package org.djgc.core.quarantine.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The one conversion between instants and the metadata database's {@code DATETIME(6)} columns:
 * every instant is stored as its UTC wall-clock time, to the microsecond (spec §8.1).
 *
 * <p>Values are bound as the literal text {@code yyyy-MM-dd HH:mm:ss.SSSSSS} of that UTC time
 * (which the server converts to {@code DATETIME(6)} exactly, for inserts and for comparisons such
 * as {@code quarantined_at <= ?}) and read as {@link LocalDateTime}, which MySQL Connector/J
 * returns unconverted. So neither the JVM's time zone, nor the JDBC URL's time-zone options
 * ({@code connectionTimeZone}, {@code preserveInstants}, {@code forceConnectionTimeZoneToSession}),
 * nor the session's {@code time_zone} can shift them; and the microseconds survive even where the
 * driver would drop them (it sends no fractional seconds to MariaDB, whose handshake announces
 * version 5.5.5). {@link java.sql.Timestamp} is never used: the driver converts it through the
 * connection's time zone, which a custom {@code gc.metadata.url} leaves at the JVM's.
 */
public final class UtcInstants {
  private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

  private UtcInstants() {}

  /** The UTC wall-clock time of {@code instant}, truncated to microseconds; null for null. */
  public static LocalDateTime toUtc(Instant instant) {
    return instant == null ? null : LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  /** The instant of a UTC wall-clock time; null for null. */
  public static Instant fromUtc(LocalDateTime utc) {
    return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
  }

  /** Binds {@code instant} (or SQL NULL) as a UTC {@code DATETIME}. */
  public static void bind(PreparedStatement statement, int index, Instant instant) throws SQLException {
    if (instant == null) {
      statement.setNull(index, Types.TIMESTAMP);
    } else {
      statement.setString(index, LITERAL.format(toUtc(instant)));
    }
  }

  /** Reads a UTC {@code DATETIME} column (or SQL NULL) as an instant. */
  public static Instant read(ResultSet result, int column) throws SQLException {
    return fromUtc(result.getObject(column, LocalDateTime.class));
  }
}
