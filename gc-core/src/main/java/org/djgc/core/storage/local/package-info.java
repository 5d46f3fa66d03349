/**
 * The local file-system backend ({@code protocol: file}). Invariant: symbolic links below the
 * store root are never followed; listing one is an error, so a link can never lead GC outside the
 * store.
 */
package org.djgc.core.storage.local;
