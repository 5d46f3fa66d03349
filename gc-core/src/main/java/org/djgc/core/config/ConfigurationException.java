package org.djgc.core.config;

import org.djgc.core.error.FailureCategory;
import org.djgc.core.error.GcException;

/** Bad DataJoint or dj-gc configuration. Raised before anything is read, listed or moved. */
public class ConfigurationException extends GcException {
  public ConfigurationException(String message) {
    super(FailureCategory.CONFIGURATION, message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(FailureCategory.CONFIGURATION, message, cause);
  }
}
