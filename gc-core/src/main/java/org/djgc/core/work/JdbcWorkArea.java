package org.djgc.core.work;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.djgc.core.jdbc.SqlDialect;

/**
 * A work area in the metadata database, which every process of a run reaches (a remote worker need
 * not share the manager's disk): table {@code gc_work_file}, each file as chunks of {@value
 * #CHUNK_BYTES} bytes (at most half a MySQL server's {@code max_allowed_packet}) and a
 * marker row (sequence -1) holding the chunk count, written last. A file without its marker, as a
 * writer killed half way leaves it, reads as missing.
 */
public final class JdbcWorkArea implements WorkArea {
  static final int CHUNK_BYTES = 4 << 20;
  private static final int MARKER = -1;
  /** Rows (chunks of up to {@link #CHUNK_BYTES}) one DELETE removes. */
  private static final int DELETE_BATCH = 16;

  private final DataSource dataSource;
  private final SqlDialect dialect;
  private final String table;
  private volatile int chunkBytes;

  /**
   * @param schema the metadata database (MySQL) or schema (PostgreSQL) the table lives in, a plain
   *     identifier
   */
  public JdbcWorkArea(DataSource dataSource, SqlDialect dialect, String schema) {
    if (!schema.matches("[A-Za-z0-9_$]{1,64}")) {
      throw new IllegalArgumentException("Invalid metadata database name '" + schema + "'");
    }
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.table = dialect.quote(schema) + ".gc_work_file";
  }

  /** Creates the table when it does not exist. */
  public void createTable() {
    try (Connection connection = dataSource.getConnection(); Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + table + " (execution_id BIGINT NOT NULL, name VARCHAR(200) NOT NULL,"
          + " seq INT NOT NULL, data " + dialect.blobType() + " NOT NULL, PRIMARY KEY (execution_id, name, seq))"
          + dialect.tableOptions());
    } catch (SQLException e) {
      throw new WorkAreaException("Cannot create " + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void put(long execution, String name, Path file) {
    checkName(name);
    try (Connection connection = dataSource.getConnection(); InputStream in = Files.newInputStream(file)) {
      connection.setAutoCommit(true);
      delete(connection, execution, name);
      int chunks = 0;
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
          + " (execution_id, name, seq, data) VALUES (?, ?, ?, ?)")) {
        byte[] buffer = new byte[chunkBytes(connection)];
        int read;
        while ((read = in.readNBytes(buffer, 0, buffer.length)) > 0) {
          insert(insert, execution, name, chunks++, java.util.Arrays.copyOf(buffer, read));
        }
        insert(insert, execution, name, MARKER, ByteBuffer.allocate(Integer.BYTES).putInt(chunks).array());
      }
    } catch (SQLException | IOException e) {
      throw new WorkAreaException("Cannot store work file " + name + " of execution " + execution + " in " + table
          + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void get(long execution, String name, Path target) {
    checkName(name);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT data FROM " + table
            + " WHERE execution_id = ? AND name = ? AND seq = ?")) {
      byte[] marker = chunk(select, execution, name, MARKER);
      if (marker == null || marker.length != Integer.BYTES) {
        throw new WorkAreaException("Work file " + name + " of execution " + execution + " is missing or incomplete in "
            + table);
      }
      int chunks = ByteBuffer.wrap(marker).getInt();
      try (OutputStream out = Files.newOutputStream(target)) {
        for (int seq = 0; seq < chunks; seq++) {
          byte[] data = chunk(select, execution, name, seq);
          if (data == null) {
            throw new WorkAreaException("Work file " + name + " of execution " + execution + " lacks chunk " + seq
                + " of " + chunks + " in " + table);
          }
          out.write(data);
        }
      }
    } catch (SQLException | IOException e) {
      throw new WorkAreaException("Cannot read work file " + name + " of execution " + execution + " from " + table
          + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean exists(long execution, String name) {
    checkName(name);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT data FROM " + table
            + " WHERE execution_id = ? AND name = ? AND seq = ?")) {
      byte[] marker = chunk(select, execution, name, MARKER);
      return marker != null && marker.length == Integer.BYTES;
    } catch (SQLException e) {
      throw new WorkAreaException("Cannot read " + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void deleteFiles(long execution, String namePrefix) {
    checkName(namePrefix);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete = connection.prepareStatement(dialect.deleteFirst(table,
            "execution_id = ? AND LEFT(name, ?) = ?", "seq", DELETE_BATCH))) {
      // ORDER BY seq removes markers (-1) first: a reader never sees a marker over missing chunks
      delete.setLong(1, execution);
      delete.setInt(2, namePrefix.length());
      delete.setString(3, namePrefix);
      while (delete.executeUpdate() > 0) {
        // a few chunks per statement: no transaction of gigabytes
      }
    } catch (SQLException e) {
      throw new WorkAreaException("Cannot delete work files " + namePrefix + "* of execution " + execution + " in "
          + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void deleteExecution(long execution) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete = connection.prepareStatement(dialect.deleteFirst(table, "execution_id = ?",
            "name, seq", DELETE_BATCH))) {
      delete.setLong(1, execution);
      while (delete.executeUpdate() > 0) {
        // a few chunks per statement: no transaction of gigabytes
      }
    } catch (SQLException e) {
      throw new WorkAreaException("Cannot delete the work files of execution " + execution + " in " + table + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public List<Long> executions() {
    List<Long> executions = new ArrayList<>();
    try (Connection connection = dataSource.getConnection(); Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT DISTINCT execution_id FROM " + table + " ORDER BY execution_id")) {
      while (r.next()) {
        executions.add(r.getLong(1));
      }
    } catch (SQLException e) {
      throw new WorkAreaException("Cannot list " + table + ": " + e.getMessage(), e);
    }
    return executions;
  }

  private void delete(Connection connection, long execution, String name) throws SQLException {
    // the marker first, so a reader never sees a marker over chunks being replaced
    try (PreparedStatement marker = connection.prepareStatement("DELETE FROM " + table
        + " WHERE execution_id = ? AND name = ? AND seq = " + MARKER);
        PreparedStatement chunks = connection.prepareStatement("DELETE FROM " + table
            + " WHERE execution_id = ? AND name = ?")) {
      for (PreparedStatement delete : List.of(marker, chunks)) {
        delete.setLong(1, execution);
        delete.setString(2, name);
        delete.executeUpdate();
      }
    }
  }

  /**
   * {@value #CHUNK_BYTES}, or half a MySQL server's {@code max_allowed_packet} when that is smaller
   * (MySQL 5.7's default is 4 MiB, which one 4 MiB chunk plus its statement would exceed).
   */
  private int chunkBytes(Connection connection) throws SQLException {
    int bytes = chunkBytes;
    if (bytes == 0) {
      bytes = CHUNK_BYTES;
      String query = dialect.maxPacketQuery();
      if (query != null) {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(query)) {
          r.next();
          bytes = (int) Math.max(64 << 10, Math.min(CHUNK_BYTES, r.getLong(1) / 2));
        }
      }
      chunkBytes = bytes;
    }
    return bytes;
  }

  private static void insert(PreparedStatement insert, long execution, String name, int seq, byte[] data)
      throws SQLException {
    insert.setLong(1, execution);
    insert.setString(2, name);
    insert.setInt(3, seq);
    insert.setBytes(4, data);
    insert.executeUpdate();
  }

  private static byte[] chunk(PreparedStatement select, long execution, String name, int seq) throws SQLException {
    select.setLong(1, execution);
    select.setString(2, name);
    select.setInt(3, seq);
    try (ResultSet r = select.executeQuery()) {
      return r.next() ? r.getBytes(1) : null;
    }
  }

  private static void checkName(String name) {
    if (!name.matches("[A-Za-z0-9._-]{1,200}") || name.startsWith(".")) {
      throw new IllegalArgumentException("Invalid work file name '" + name + "'");
    }
  }
}
