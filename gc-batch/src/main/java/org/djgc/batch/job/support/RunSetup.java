package org.djgc.batch.job.support;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.djgc.batch.config.StoreFactory;
import org.djgc.batch.config.GcProperties;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.config.StoreAliases;
import org.djgc.core.config.StoreSpec;
import org.djgc.core.config.StoreSpecResolver;
import org.djgc.core.layout.StoreLayout;
import org.djgc.core.reference.ReferenceScope;
import org.djgc.core.storage.ObjectStore;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * What one run works on, rebuilt from its job parameters (so a restarted execution resolves the
 * same store and schemas).
 *
 * @param spec the store
 * @param layout its sections and trash prefix
 * @param schemas the requested schemas
 * @param scope where references are read and which are kept
 */
public record RunSetup(StoreSpec spec, StoreLayout layout, List<String> schemas, ReferenceScope scope) {

  /** Resolves a run from DataJoint's config and dj-gc's settings. */
  public static RunSetup resolve(DataJointConfig config, GcProperties properties, String store, List<String> schemas,
      boolean crossSchema) {
    StoreSpec spec = StoreSpecResolver.resolve(config, java.util.Optional.of(store));
    StoreLayout layout = StoreLayout.of(spec, properties.trashPrefix());
    schemas.forEach(StoreLayout::checkSchemaName);
    ReferenceScope scope = new ReferenceScope(schemas, StoreAliases.of(config, spec, samePlace(properties)),
        spec.isDefault(), crossSchema);
    return new RunSetup(spec, layout, schemas, scope);
  }

  /**
   * Whether two stores of one protocol are one place, from their identities: they share a store
   * lock (the place, or a local directory's device and inode). A store that cannot be opened here
   * is judged by its spelled location only.
   */
  static BiPredicate<StoreSpec, StoreSpec> samePlace(GcProperties properties) {
    StoreFactory stores = new StoreFactory(properties);
    Map<String, List<String>> locks = new HashMap<>();
    Function<StoreSpec, List<String>> lockNames = spec -> locks.computeIfAbsent(spec.name(), name -> {
      try (ObjectStore store = stores.open(spec, Path.of(System.getProperty("java.io.tmpdir")))) {
        return store.identity().lockNames();
      } catch (RuntimeException e) {
        return List.of();
      }
    });
    return (a, b) -> a.protocol().equals(b.protocol())
        && lockNames.apply(a).stream().anyMatch(lockNames.apply(b)::contains);
  }

  /** Resolves the run an execution's parameters describe. */
  public static RunSetup fromParameters(DataJointConfig config, GcProperties properties, JobParameters parameters) {
    String store = parameters.getString(JobParameterNames.STORE);
    List<String> schemas = Arrays.stream(parameters.getString(JobParameterNames.SCHEMAS).split(","))
        .filter(s -> !s.isEmpty()).toList();
    boolean crossSchema = Boolean.parseBoolean(parameters.getString(JobParameterNames.CROSS_SCHEMA));
    return resolve(config, properties, store, schemas, crossSchema);
  }
}
