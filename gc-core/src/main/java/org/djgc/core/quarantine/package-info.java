/**
 * Quarantine state: the ledger port, its states and transitions, and the self-describing trash
 * layout. Invariants: a row is {@code MOVING} before its file moves; transitions are conditional on
 * the expected state; only trash copies are ever deleted.
 */
package org.djgc.core.quarantine;
