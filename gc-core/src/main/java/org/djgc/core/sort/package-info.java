/**
 * Bounded-memory sorting and record files: how dj-gc compares millions of listed objects with
 * millions of references without holding either set in the heap. Invariant: a truncated record
 * file is an error, never a shorter input.
 */
package org.djgc.core.sort;
