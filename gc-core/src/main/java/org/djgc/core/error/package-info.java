/**
 * The exception hierarchy of dj-gc. Per-object problems are data (recorded in results and reports);
 * systemic problems are {@link org.djgc.core.error.GcException}s whose {@link
 * org.djgc.core.error.FailureCategory} decides the exit code.
 */
package org.djgc.core.error;
