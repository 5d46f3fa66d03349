package org.djgc.core.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The one conversion between instants and the metadata database's UTC wall-clock columns
 * ({@code DATETIME(6)}, {@code TIMESTAMP(6)}): every instant is stored as its UTC time, to the
 * microsecond (spec §8.1), bound by {@link SqlDialect#bindInstant} and read back as
 * {@link LocalDateTime}, which both drivers return unconverted. So neither the JVM's time zone, nor
 * the JDBC URL's time-zone options ({@code connectionTimeZone}, {@code preserveInstants},
 * {@code forceConnectionTimeZoneToSession}), nor the session's time zone can shift them.
 * {@link java.sql.Timestamp} is never used: drivers convert it through the connection's time zone,
 * which a custom {@code gc.metadata.url} leaves at the JVM's.
 */
public final class UtcInstants {
  private UtcInstants() {}

  /** The UTC wall-clock time of {@code instant}, truncated to microseconds; null for null. */
  public static LocalDateTime toUtc(Instant instant) {
    return instant == null ? null : LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  /** The instant of a UTC wall-clock time; null for null. */
  public static Instant fromUtc(LocalDateTime utc) {
    return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
  }

  /** Reads a UTC {@code DATETIME} column (or SQL NULL) as an instant. */
  public static Instant read(ResultSet result, int column) throws SQLException {
    return fromUtc(result.getObject(column, LocalDateTime.class));
  }
}
