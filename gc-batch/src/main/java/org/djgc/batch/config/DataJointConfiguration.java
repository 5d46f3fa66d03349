package org.djgc.batch.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.djgc.batch.cli.CommandLine;
import org.djgc.core.config.ConfigurationException;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.config.DataJointConfigLoader;
import org.djgc.core.config.DatabaseSettings;
import org.djgc.core.reference.CodecClassifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Wires DataJoint's configuration into Spring: the loaded config, the pipeline database, and the
 * metadata database holding Spring Batch's tables (by default database {@code datajoint_gc} on
 * the same server, created when missing).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GcProperties.class)
public class DataJointConfiguration {
  private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_$]{1,64}");
  private static final String DRIVER_OPTIONS = "allowPublicKeyRetrieval=true&connectionTimeZone=UTC"
      + "&rewriteBatchedStatements=true";

  @Bean
  DataJointConfig dataJointConfig(CommandLine commandLine) {
    return DataJointConfigLoader.fromProcess().load(commandLine.djConfig());
  }

  @Bean
  CodecClassifier codecClassifier(GcProperties properties) {
    return CodecClassifier.withCustomCodecs(properties.codecs());
  }

  @Bean(destroyMethod = "close")
  @Primary
  HikariDataSource dataSource(DataJointConfig config, GcProperties properties) {
    GcProperties.Metadata metadata = properties.metadata();
    if (metadata.url() != null && !metadata.url().isBlank()) {
      // a chunk's ledger transitions in one round trip, unless the URL says otherwise
      boolean batched = metadata.url().startsWith("jdbc:mysql:") && !metadata.url().contains("rewriteBatchedStatements");
      return FirstConnection.open(() -> pool("gc-metadata", metadata.url(), metadata.username(), metadata.password(),
          poolSize(8, properties), properties.connectTimeout(),
          batched ? java.util.Map.of("rewriteBatchedStatements", "true") : java.util.Map.of()),
          "dj-gc's metadata database", withoutQuery(metadata.url()) + " as " + metadata.username(),
          "gc.metadata.url, gc.metadata.username, gc.metadata.password");
    }
    DatabaseSettings database = settings(config);
    if (!DATABASE_NAME.matcher(metadata.database()).matches()) {
      throw new ConfigurationException("Invalid gc.metadata.database: '" + metadata.database() + "'");
    }
    if (database.postgres()) {
      // a schema of the pipeline's database, created when missing (spec §4.9)
      HikariDataSource pool = FirstConnection.open(() -> pool("gc-metadata", postgresUrl(database, properties)
          + "&currentSchema=" + metadata.database(), database.user(), database.password(), poolSize(8, properties),
          properties.connectTimeout()),
          "dj-gc's metadata schema " + metadata.database(), database.describe(), PIPELINE_SETTINGS);
      PostgresMetadataSchema.ensure(pool, metadata.database(), database.describe());
      return pool;
    }
    String url = "jdbc:mysql://" + database.host() + ":" + database.port() + "/" + metadata.database()
        + "?createDatabaseIfNotExist=true&" + DRIVER_OPTIONS + mysqlTimeout(properties) + tls(database);
    return FirstConnection.open(() -> pool("gc-metadata", url, database.user(), database.password(),
        poolSize(8, properties), properties.connectTimeout()), "dj-gc's metadata database " + metadata.database(),
        database.describe(), PIPELINE_SETTINGS + "; the user needs CREATE for a missing " + metadata.database());
  }

  /** Where DataJoint's own connection settings come from. */
  private static final String PIPELINE_SETTINGS = "database.host, database.port, database.user and database.password"
      + " in datajoint.json, .secrets/ or DJ_HOST, DJ_PORT, DJ_USER, DJ_PASS";

  /** A JDBC URL for messages: without its query and user information, where passwords may live. */
  static String withoutQuery(String url) {
    int query = url.indexOf('?');
    return (query < 0 ? url : url.substring(0, query)).replaceAll("//[^/@]*@", "//");
  }

  @Bean(destroyMethod = "close")
  PipelineDatabase pipelineDatabase(DataJointConfig config, GcProperties properties) {
    DatabaseSettings database = settings(config);
    String url = database.postgres() ? postgresUrl(database, properties)
        : "jdbc:mysql://" + database.host() + ":" + database.port() + "/?" + DRIVER_OPTIONS + mysqlTimeout(properties)
        + tls(database);
    HikariDataSource pool = FirstConnection.open(() -> pool("gc-pipeline", url, database.user(), database.password(),
        poolSize(6, properties), properties.connectTimeout()), "the pipeline's database", database.describe(),
        PIPELINE_SETTINGS);
    return new PipelineDatabase(pool, database.describe());
  }

  /**
   * {@code base} connections, or more when many partitions run at once: each running partition
   * holds one connection of each pool (its partition lock on the pipeline server, its step's
   * transaction on the metadata server) and borrows a second for its checks and slice files.
   */
  static int poolSize(int base, GcProperties properties) {
    return Math.max(base, 2 * properties.partitionThreads() + 4);
  }

  /** DataJoint's {@code use_tls}: required, disabled, or (unset) used when the server offers it. */
  private static String tls(DatabaseSettings database) {
    if (database.useTls() == null) {
      return "&sslMode=PREFERRED";
    }
    return database.useTls() ? "&sslMode=REQUIRED" : "&sslMode=DISABLED";
  }

  /** The pipeline's PostgreSQL database, with DataJoint's TLS setting and {@code gc.connect-timeout}. */
  private static String postgresUrl(DatabaseSettings database, GcProperties properties) {
    return "jdbc:postgresql://" + database.host() + ":" + database.port() + "/"
        + java.net.URLEncoder.encode(database.name(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")
        + "?connectTimeout=" + Math.max(1, properties.connectTimeout().toSeconds()) + "&ApplicationName=dj-gc&sslmode="
        + postgresTls(database);
  }

  /** {@code gc.connect-timeout} for MySQL's driver (milliseconds). */
  private static String mysqlTimeout(GcProperties properties) {
    return "&connectTimeout=" + properties.connectTimeout().toMillis();
  }

  /** DataJoint's {@code use_tls} for PostgreSQL's driver: required, disabled, or (unset) preferred. */
  private static String postgresTls(DatabaseSettings database) {
    return database.useTls() == null ? "prefer" : database.useTls() ? "require" : "disable";
  }

  private static DatabaseSettings settings(DataJointConfig config) {
    DatabaseSettings database = config.database();
    if (database.user() == null) {
      throw new ConfigurationException(
          "database.user is not configured (datajoint.json, .secrets/database.user or DJ_USER)");
    }
    return database;
  }

  private static HikariDataSource pool(String name, String url, String user, String password, int size,
      java.time.Duration connectTimeout) {
    return pool(name, url, user, password, size, connectTimeout, java.util.Map.of());
  }

  private static HikariDataSource pool(String name, String url, String user, String password, int size,
      java.time.Duration connectTimeout, java.util.Map<String, String> driverProperties) {
    HikariConfig hikari = new HikariConfig();
    driverProperties.forEach(hikari::addDataSourceProperty);
    hikari.setPoolName(name);
    hikari.setJdbcUrl(url);
    hikari.setUsername(user);
    hikari.setPassword(password);
    hikari.setMaximumPoolSize(size);
    hikari.setMinimumIdle(0);
    // a borrower waits for the driver's own connect timeout, and a little longer
    hikari.setConnectionTimeout(connectTimeout.toMillis() + 5_000);
    return new HikariDataSource(hikari);
  }
}
