/**
 * DataJoint's own configuration, read exactly as DataJoint 2.x reads it: {@code datajoint.json},
 * {@code .secrets/}, the {@code DJ_*} environment, and store specs resolved like {@code
 * get_store_spec}. Invariant: nothing here logs or prints a password or storage key.
 */
package org.djgc.core.config;
