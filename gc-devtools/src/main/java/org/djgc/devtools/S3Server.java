package org.djgc.devtools;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * {@code s3proxy PORT DIR [METRICS_PORT]}: S3Proxy as a standalone S3 server on
 * {@code 127.0.0.1:PORT}, objects kept in the filesystem blob store under {@code DIR} (one
 * directory per bucket), AWS V2/V4 signatures with the fixed development credentials {@link
 * #ACCESS_KEY}/{@link #SECRET_KEY}. With {@code METRICS_PORT}, S3Proxy's Prometheus endpoint
 * ({@code /metrics}, a request-duration histogram per S3 operation, so request counts) listens on
 * {@code 127.0.0.1:METRICS_PORT}. Runs until killed.
 */
final class S3Server {
  /** The fixed credentials of the development server (not secrets: local benchmarking only). */
  static final String ACCESS_KEY = "djgc-dev-access";
  static final String SECRET_KEY = "djgc-dev-secret-key";

  private S3Server() {}

  static void run(int port, Path dir, int metricsPort) throws Exception {
    Files.createDirectories(dir);
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
    properties.setProperty("jclouds.identity", ACCESS_KEY);
    properties.setProperty("jclouds.credential", SECRET_KEY);
    S3Proxy.Builder builder = S3Proxy.builder()
        .blobStore(BlobStores.create("filesystem", properties))
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY);
    if (metricsPort > 0) {
      builder.metricsEnabled(true).metricsHost("127.0.0.1").metricsPort(metricsPort);
    }
    S3Proxy proxy = builder.build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        proxy.stop();
      } catch (Exception e) {
        // exiting anyway
      }
    }));
    System.out.println("S3Proxy listening on http://127.0.0.1:" + proxy.getPort() + ", data in " + dir
        + (metricsPort > 0 ? ", metrics on http://127.0.0.1:" + metricsPort + "/metrics" : ""));
    System.out.flush();
    Thread.currentThread().join();
  }
}
