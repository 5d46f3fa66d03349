package org.djgc.batch.job.support;

import java.util.Arrays;
import java.util.List;
import org.djgc.batch.config.GcProperties;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.config.StoreAliases;
import org.djgc.core.config.StoreSpec;
import org.djgc.core.config.StoreSpecResolver;
import org.djgc.core.layout.StoreLayout;
import org.djgc.core.reference.ReferenceScope;
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
    StoreAliases aliases = StoreAliases.of(config, spec);
    ReferenceScope scope = new ReferenceScope(schemas, aliases.names(), aliases.elsewhere(),
        StoreAliases.reservedName(config, "default").orElse(null),
        StoreAliases.reservedName(config, "filepath_default").orElse(null), crossSchema);
    return new RunSetup(spec, layout, schemas, scope);
  }

  /** Resolves the run an execution's parameters describe. */
  public static RunSetup fromParameters(DataJointConfig config, GcProperties properties, JobParameters parameters) {
    String store = parameters.getString(JobParameterNames.STORE);
    boolean crossSchema = Boolean.parseBoolean(parameters.getString(JobParameterNames.CROSS_SCHEMA));
    return resolve(config, properties, store, schemasOf(parameters), crossSchema);
  }

  /** The schemas an execution's parameters name (comma-joined at launch), in order; none when absent. */
  public static List<String> schemasOf(JobParameters parameters) {
    return Arrays.stream(parameters.getString(JobParameterNames.SCHEMAS, "").split(","))
        .filter(s -> !s.isEmpty()).toList();
  }
}
