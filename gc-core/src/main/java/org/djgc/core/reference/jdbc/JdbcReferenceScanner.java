package org.djgc.core.reference.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.djgc.core.progress.Progress;
import org.djgc.core.reference.CodecClassifier;
import org.djgc.core.reference.CodecKind;
import org.djgc.core.reference.Extraction;
import org.djgc.core.reference.Finding;
import org.djgc.core.reference.FindingKind;
import org.djgc.core.reference.Reference;
import org.djgc.core.reference.ReferenceExtractor;
import org.djgc.core.reference.ReferenceScanException;
import org.djgc.core.reference.ReferenceScanner;
import org.djgc.core.reference.ReferenceScope;
import org.djgc.core.reference.ReferenceSink;
import org.djgc.core.reference.ScanSummary;
import org.djgc.core.reference.UnknownStorePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reference discovery over JDBC (MySQL and MariaDB through {@link MysqlDiscovery}, PostgreSQL
 * through {@link PostgresDiscovery}; each database's SQL lives in its {@link DiscoveryDialect}). All tables are read in one read-only snapshot, one
 * streaming {@code SELECT} per table of its primary key and storage columns, so a row inserted or
 * deleted during the scan is seen consistently and memory does not grow with the row count. The
 * snapshot must come from the server that serves dj-gc's locks. Before reading, the user must be
 * shown to see every table of every schema it reads; otherwise each schema it cannot vouch for is
 * a {@link FindingKind#MISSING_GRANT} finding.
 */
public final class JdbcReferenceScanner implements ReferenceScanner {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcReferenceScanner.class);
  private static final int MAX_UNKNOWN_NAMES = 1000;

  private final DataSource dataSource;
  private final CodecClassifier classifier;
  private final UnknownStorePolicy unknownStores;

  public JdbcReferenceScanner(DataSource dataSource, CodecClassifier classifier) {
    this(dataSource, classifier, UnknownStorePolicy.PROTECT);
  }

  public JdbcReferenceScanner(DataSource dataSource, CodecClassifier classifier, UnknownStorePolicy unknownStores) {
    this.dataSource = dataSource;
    this.classifier = classifier;
    this.unknownStores = unknownStores;
  }

  @Override
  public ScanSummary scan(ReferenceScope scope, ReferenceSink sink) {
    Counters counters = new Counters(sink);
    counters.progress = new Progress("Reference discovery, rows read", -1, Progress.DEFAULT_INTERVAL);
    try (Connection connection = dataSource.getConnection()) {
      DiscoveryDialect dialect = DiscoveryDialect.of(connection);
      String lockServer = dialect.lockServer(connection);
      dialect.openSnapshot(connection);
      try {
        String snapshotServer = dialect.currentServer(connection);
        if (!snapshotServer.equals(lockServer)) {
          throw new ReferenceScanException("The snapshot was served by " + snapshotServer + " but locks by "
              + lockServer + ": a proxy is routing read-only transactions to another server, whose copy may lag;"
              + " connect dj-gc to the primary directly", null);
        }
        Map<String, Map<String, List<StorageColumn>>> catalog = dialect.codecColumns(connection, classifier);
        List<String> schemas = schemasToRead(scope, catalog);
        dialect.checkGrants(connection, schemas, counters::finding);
        for (String schema : schemas) {
          for (Map.Entry<String, List<StorageColumn>> table : catalog.getOrDefault(schema, Map.of()).entrySet()) {
            readTable(connection, dialect, schema, table.getKey(), table.getValue(), scope, counters);
          }
        }
        LOG.info("Reference discovery read {} column(s), {} row(s) in {} schema(s): {} reference(s) kept,"
            + " {} for other stores, {} finding(s)", counters.columns, counters.rows, schemas.size(),
            counters.kept, counters.otherStores, counters.findings);
        warnUnknownStores(counters);
        return new ScanSummary(schemas, counters.columns, counters.rows, counters.kept, counters.otherStores,
            counters.unknownStore, counters.findings);
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw new ReferenceScanException("Reference discovery failed: " + e.getMessage(), e);
    }
  }

  /**
   * Every schema on the server with a column that may store into the scope's store, in name
   * order: what {@code --all-schemas} means.
   */
  public List<String> schemasUsing(ReferenceScope scope) {
    try (Connection connection = dataSource.getConnection()) {
      Map<String, Map<String, List<StorageColumn>>> catalog = DiscoveryDialect.of(connection)
          .codecColumns(connection, classifier);
      return schemasToRead(scope.everywhere(), catalog).stream().sorted().toList();
    } catch (SQLException e) {
      throw new ReferenceScanException("Cannot read the catalog: " + e.getMessage(), e);
    }
  }

  /** Those of {@code schemas} that do not exist on the server (whatever the user may read in them). */
  public List<String> missingSchemas(List<String> schemas) {
    try (Connection connection = dataSource.getConnection()) {
      DiscoveryDialect dialect = DiscoveryDialect.of(connection);
      List<String> missing = new ArrayList<>();
      for (String schema : schemas) {
        if (!dialect.schemaExists(connection, schema)) {
          missing.add(schema);
        }
      }
      return missing;
    } catch (SQLException e) {
      throw new ReferenceScanException("Cannot read the catalog: " + e.getMessage(), e);
    }
  }

  /** The requested schemas, plus (cross-schema) every schema with a column that may use this store. */
  static List<String> schemasToRead(ReferenceScope scope, Map<String, Map<String, List<StorageColumn>>> catalog) {
    Set<String> schemas = new LinkedHashSet<>(scope.requestedSchemas());
    if (scope.crossSchema()) {
      catalog.forEach((schema, tables) -> {
        boolean usesStore = tables.values().stream().flatMap(List::stream)
            .anyMatch(column -> scope.declaresStore(column.codec()));
        if (usesStore) {
          schemas.add(schema);
        }
      });
    }
    return new ArrayList<>(schemas);
  }

  private void readTable(Connection connection, DiscoveryDialect dialect, String schema, String table, List<StorageColumn> columns,
      ReferenceScope scope, Counters counters) throws SQLException {
    List<StorageColumn> storage = new ArrayList<>();
    for (StorageColumn column : columns) {
      switch (column.kind()) {
        case HASH, SCHEMA, FILEPATH -> storage.add(column);
        case UNDECLARED -> counters.finding(new Finding(FindingKind.UNDECLARED_CODEC, column.qualifiedName(), null,
            classifier.explainUndeclared(column.codec())));
        case NOT_COLLECTED -> { }
      }
    }
    if (storage.isEmpty()) {
      return;
    }
    List<String> key = dialect.primaryKey(connection, schema, table);
    String sql = "SELECT " + storage.stream().map(c -> dialect.quote(c.column())).collect(Collectors.joining(", "))
        + (key.isEmpty() ? "" : ", " + key.stream().map(dialect::quote).collect(Collectors.joining(", ")))
        + " FROM " + dialect.quote(schema) + "." + dialect.quote(table);
    counters.columns += storage.size();
    try (Statement statement = dialect.streamingStatement(connection)) {
      try (ResultSet rows = statement.executeQuery(sql)) {
        while (rows.next()) {
          counters.rows++;
          counters.progress.advance(1, 0);
          for (int i = 0; i < storage.size(); i++) {
            accept(storage.get(i), rows.getString(i + 1), rows, storage.size(), key, scope, counters);
          }
        }
      }
    } catch (SQLException e) {
      if (!connection.isValid(5)) {
        throw e;
      }
      counters.finding(new Finding(FindingKind.READ_ERROR, schema + "." + table, null,
          "cannot read table: " + e.getMessage()));
    }
  }

  private void accept(StorageColumn column, String raw, ResultSet row, int keyOffset, List<String> key,
      ReferenceScope scope, Counters counters) throws SQLException {
    Extraction extraction = ReferenceExtractor.extract(raw, column.kind() == CodecKind.FILEPATH);
    if (extraction instanceof Extraction.Found found) {
      switch (scope.match(found.store())) {
        case ELSEWHERE -> counters.otherStores++;
        case UNKNOWN -> {
          counters.unknownStore++;
          boolean first = counters.unknownNames.size() < MAX_UNKNOWN_NAMES
              && counters.unknownNames.add(column.qualifiedName() + " → " + found.store());
          if ((first || counters.unknownStore == 1) && unknownStores == UnknownStorePolicy.REFUSE) {
            counters.finding(new Finding(FindingKind.UNKNOWN_STORE, column.qualifiedName(),
                describeKey(row, keyOffset, key), "names store '" + found.store() + "', which the configuration"
                + " does not know (gc.unknown-stores=refuse)"));
          }
          keep(column, found, counters, false);
        }
        case THIS, UNNAMED -> keep(column, found, counters, true);
      }
    } else if (extraction instanceof Extraction.Unreadable unreadable) {
      counters.finding(new Finding(unreadable.kind(), column.qualifiedName(), describeKey(row, keyOffset, key),
          unreadable.reason()));
    }
  }

  private static void keep(StorageColumn column, Extraction.Found found, Counters counters, boolean counted) {
    counters.kept++;
    counters.sink.reference(new Reference(found.path(), column.kind(), counted));
  }

  private static void warnUnknownStores(Counters counters) {
    if (counters.unknownStore > 0) {
      LOG.warn("{} reference(s) name a store this configuration does not know; their paths protect this store's"
          + " files (gc.unknown-stores=refuse makes them refuse instead): {}", counters.unknownStore,
          counters.unknownNames.stream().limit(20).collect(Collectors.joining("; ")));
    }
  }

  private static String describeKey(ResultSet row, int keyOffset, List<String> key) throws SQLException {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < key.size(); i++) {
      parts.add(key.get(i) + "=" + row.getString(keyOffset + i + 1));
    }
    return String.join(", ", parts);
  }

  private static final class Counters {
    final ReferenceSink sink;
    final Set<String> unknownNames = new LinkedHashSet<>();
    long columns;
    long rows;
    long kept;
    long otherStores;
    long unknownStore;
    long findings;
    Progress progress;

    Counters(ReferenceSink sink) {
      this.sink = sink;
    }

    void finding(Finding finding) {
      findings++;
      sink.finding(finding);
    }
  }
}
