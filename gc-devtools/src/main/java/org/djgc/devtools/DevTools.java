package org.djgc.devtools;

import java.nio.file.Path;
import org.djgc.core.testing.TestDatabase;

/**
 * Builds DataJoint-format pipelines for the demo and the benchmark:
 * {@code demo STORE_ROOT CONFIG_DIR} and {@code bench N STORE_ROOT CONFIG_DIR}; for the S3
 * benchmark, {@code s3proxy PORT DIR [METRICS_PORT]} (a standalone S3Proxy, {@link S3Server}),
 * {@code bench-s3 N ENDPOINT BUCKET CONFIG_DIR} and {@code s3-delete-loop COUNT ENDPOINT BUCKET}
 * ({@link BenchS3}), and {@code latency-proxy PORT TARGET_HOST:PORT MS} ({@link LatencyProxy}). The database is the one tests use ({@code DJGC_TEST_JDBC_URL} or the local
 * server of {@code scripts/services.sh}).
 */
public final class DevTools {
  private DevTools() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("demo")) {
      new DemoPipeline(TestDatabase.get(), Path.of(args[1]).toAbsolutePath()).build(Path.of(args[2]));
    } else if (args.length == 3 && args[0].equals("demo-reinsert")) {
      new DemoPipeline(TestDatabase.get(), Path.of(args[1]).toAbsolutePath()).reinsertSession(Integer.parseInt(args[2]));
    } else if (args.length == 4 && args[0].equals("bench")) {
      new BenchPipeline(TestDatabase.get(), Path.of(args[2]).toAbsolutePath(), Integer.parseInt(args[1]))
          .build(Path.of(args[3]));
    } else if ((args.length == 3 || args.length == 4) && args[0].equals("s3proxy")) {
      S3Server.run(Integer.parseInt(args[1]), Path.of(args[2]), args.length == 4 ? Integer.parseInt(args[3]) : 0);
    } else if (args.length == 5 && args[0].equals("bench-s3")) {
      BenchS3.buildPipeline(TestDatabase.get(), Integer.parseInt(args[1]), args[2], args[3], Path.of(args[4]));
    } else if (args.length == 4 && args[0].equals("latency-proxy")) {
      LatencyProxy.run(Integer.parseInt(args[1]), args[2], Long.parseLong(args[3]));
    } else if (args.length == 4 && args[0].equals("s3-delete-loop")) {
      BenchS3.deleteLoop(Integer.parseInt(args[1]), args[2], args[3]);
    } else {
      System.err.println("usage: demo STORE_ROOT CONFIG_DIR | demo-reinsert STORE_ROOT ID | bench N STORE_ROOT CONFIG_DIR");
      System.err.println("   or: s3proxy PORT DIR [METRICS_PORT] | bench-s3 N ENDPOINT BUCKET CONFIG_DIR"
          + " | s3-delete-loop COUNT ENDPOINT BUCKET | latency-proxy PORT TARGET_HOST:PORT MS");
      System.exit(2);
    }
  }

  /** Writes a datajoint.json for one file store. */
  static void writeConfig(TestDatabase db, Path configDir, String store, Path root, String extraSpec)
      throws java.io.IOException {
    java.nio.file.Files.createDirectories(configDir);
    String json = """
        {
          "database": {"host": "%s", "port": %d, "user": "%s", "password": "%s", "backend": "mysql"},
          "stores": {
            "default": "%s",
            "%s": {"protocol": "file", "location": "%s"%s}
          }
        }
        """.formatted(db.host(), db.port(), db.user(), db.password(), store, store, root, extraSpec);
    java.nio.file.Files.writeString(configDir.resolve("datajoint.json"), json);
  }
}
