package org.djgc.batch.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.djgc.core.testing.TestDatabase;

/**
 * Writes a {@code datajoint.json} with the test database and one DataJoint {@code s3} store, as
 * DataJoint users write it: the endpoint as {@code host:port} without a scheme and {@code secure:
 * false}, so the store builds {@code http://host:port} (DataJoint's rule). The S3 sibling of
 * {@link org.djgc.batch.support.DjConfigFile}.
 */
public final class S3DjConfig {
  private S3DjConfig() {}

  /** The store spec DataJoint reads for an S3Proxy at {@code endpoint}. */
  public static Map<String, Object> storeSpec(URI endpoint, String bucket, String location, String accessKey,
      String secretKey) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("protocol", "s3");
    spec.put("endpoint", endpoint.getHost() + ":" + endpoint.getPort());
    spec.put("bucket", bucket);
    spec.put("location", location);
    spec.put("secure", false);
    spec.put("access_key", accessKey);
    spec.put("secret_key", secretKey);
    return spec;
  }

  /** Writes {@code directory/datajoint.json} with {@code store} as the default store; returns its path. */
  static Path write(Path directory, TestDatabase db, String store, Map<String, Object> spec) {
    Map<String, Object> database = new LinkedHashMap<>();
    database.put("host", db.host());
    database.put("port", db.port());
    database.put("user", db.user());
    database.put("password", db.password());
    database.put("backend", "mysql");
    Map<String, Object> stores = new LinkedHashMap<>();
    stores.put("default", store);
    stores.put(store, spec);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("database", database);
    root.put("stores", stores);
    try {
      Files.createDirectories(directory);
      Path file = directory.resolve("datajoint.json");
      new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
