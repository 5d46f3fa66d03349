package org.djgc.batch;

import java.util.Map;

/** Test access to the application's package-private helpers. */
public final class GcBatchApplicationAccess {
  private GcBatchApplicationAccess() {}

  public static Map<String, Object> aliases(Map<String, String> environment) {
    return GcBatchApplication.dashedEnvironmentAliases(environment);
  }
}
