/**
 * Orphan detection: listing sections, collecting references, and the coverage diff between them,
 * all streamed through sorted record files so memory stays flat however large the store.
 * Invariant: a listed file covered by any reference of a live row is never reported orphaned, and
 * a listing that could not be completed is a scan error, never a shorter listing.
 */
package org.djgc.core.orphan;
