package org.djgc.core.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.djgc.core.config.ConfigurationException;
import org.djgc.core.config.StoreSpec;

/**
 * Opens the {@link ObjectStore} for a DataJoint store spec, through the backends on the class path
 * ({@link ObjectStoreProvider}s). The backend is chosen per store: the native one for its protocol
 * ({@code file}, {@code s3}), the Hadoop FileSystem backend for {@code azure}, {@code gcs}, any
 * store with a Hadoop URI override, and any store whose {@link BackendOptions} say {@code hadoop}.
 */
public final class ObjectStores {
  private static final List<ObjectStoreProvider> PROVIDERS = ServiceLoader.load(ObjectStoreProvider.class,
      ObjectStores.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();

  /** How to add the Hadoop backend, for messages that need it (spec §12.1b). */
  static final String HADOOP_ADD_ON = "add dj-gc's Hadoop add-on with LOADER_PATH=/path/to/gc-hadoop.jar"
      + " (or java -Dloader.path=/path/to/gc-hadoop.jar -jar gc-batch.jar)";

  private ObjectStores() {}

  /**
   * Opens a store with the default backend choice and no Hadoop configuration.
   *
   * @param spec the resolved store spec
   * @param tempDirectory scratch space for backends that spill while listing
   * @throws ConfigurationException when no backend of this build serves the protocol
   */
  public static ObjectStore open(StoreSpec spec, Path tempDirectory) {
    return open(spec, tempDirectory, BackendOptions.DEFAULTS);
  }

  /**
   * Opens a store.
   *
   * @param spec the resolved store spec
   * @param tempDirectory scratch space for backends that spill while listing
   * @param options the per-store backend choice and the Hadoop configuration
   * @throws ConfigurationException when no backend of this build serves the store, or the options
   *     contradict each other
   */
  public static ObjectStore open(StoreSpec spec, Path tempDirectory, BackendOptions options) {
    return provider(spec, options, PROVIDERS).open(spec, tempDirectory, options);
  }

  /**
   * The storage backends this run can use, for {@code --version}: the native protocols, and the
   * Hadoop add-on with its version or a note that it is not installed.
   */
  public static String describe() {
    Set<String> nativeProtocols = nativeProtocols(PROVIDERS);
    String hadoop = PROVIDERS.stream().filter(p -> p.backend().equals(BackendOptions.HADOOP)).findFirst()
        .map(p -> "hadoop add-on " + Objects.requireNonNullElse(versionOf(p), "(development build)")
            + " (azure, gcs, hdfs, s3a)")
        .orElse("no hadoop add-on (LOADER_PATH=/path/to/gc-hadoop.jar adds azure, gcs, hdfs, s3a)");
    return "storage backends: native (" + String.join(", ", nativeProtocols) + "); " + hadoop;
  }

  /** The provider that serves a store, among {@code providers}. */
  static ObjectStoreProvider provider(StoreSpec spec, BackendOptions options, List<ObjectStoreProvider> providers) {
    Set<String> nativeProtocols = nativeProtocols(providers);
    if (useHadoop(spec, options, nativeProtocols)) {
      ObjectStoreProvider hadoop = providers.stream().filter(p -> p.backend().equals(BackendOptions.HADOOP))
          .findFirst().orElseThrow(() -> new ConfigurationException("stores." + spec.name() + ": protocol '"
              + spec.protocol() + "' needs the Hadoop FileSystem backend, which gc-batch.jar does not contain: "
              + HADOOP_ADD_ON));
      checkSameBuild(hadoop);
      return hadoop;
    }
    return providers.stream().filter(p -> p.backend().equals(BackendOptions.NATIVE)
        && p.protocols().contains(spec.protocol())).findFirst().orElseThrow(
            () -> new ConfigurationException("stores." + spec.name() + ": protocol '" + spec.protocol()
                + "' has no native backend in dj-gc (native: " + String.join(", ", nativeProtocols) + "); remove"
                + " gc.hadoop.backend." + spec.name() + " or set it to 'hadoop' to use the Hadoop FileSystem backend"));
  }

  /** The protocols the native providers among {@code providers} serve. */
  private static Set<String> nativeProtocols(List<ObjectStoreProvider> providers) {
    Set<String> nativeProtocols = new TreeSet<>();
    providers.stream().filter(p -> p.backend().equals(BackendOptions.NATIVE)).forEach(p -> nativeProtocols.addAll(
        p.protocols()));
    return nativeProtocols;
  }

  /**
   * Refuses a backend of another dj-gc build than this one: the add-on and the jar share the
   * {@link ObjectStore} contract, which only the same build guarantees. Classes outside a packaged
   * jar (tests, IDEs) carry no version and pass.
   */
  static void checkSameBuild(ObjectStoreProvider provider) {
    String ours = versionOf(ObjectStores.class);
    String theirs = versionOf(provider);
    if (ours != null && theirs != null && !ours.equals(theirs)) {
      throw new ConfigurationException("the " + provider.backend() + " add-on on the class path is version " + theirs
          + " but gc-batch.jar is version " + ours + "; use the gc-hadoop.jar built with this gc-batch.jar");
    }
  }

  private static String versionOf(ObjectStoreProvider provider) {
    return versionOf(provider.getClass());
  }

  private static String versionOf(Class<?> type) {
    return type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
  }

  /** Whether a store is served by the Hadoop backend. */
  private static boolean useHadoop(StoreSpec spec, BackendOptions options, Set<String> nativeProtocols) {
    Optional<String> choice = options.backendFor(spec.name());
    boolean uriOverride = options.hadoopUriFor(spec.name()).isPresent();
    if (choice.isPresent() && choice.get().equals(BackendOptions.NATIVE)) {
      if (uriOverride) {
        throw new ConfigurationException("stores." + spec.name() + ": gc.hadoop.uri." + spec.name()
            + " is set but gc.hadoop.backend." + spec.name() + " is 'native'; a Hadoop URI needs the 'hadoop' backend");
      }
      return false;
    }
    if (choice.isPresent() || uriOverride) {
      return true;
    }
    return !nativeProtocols.contains(spec.protocol());
  }
}
