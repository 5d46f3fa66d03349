package org.djgc.core.reference;

/**
 * Discovers every reference to one store held by live rows. Implementations read the raw stored
 * column values (never decoded payloads) of every storage column in scope, in one consistent
 * snapshot, streaming: memory does not grow with the number of rows.
 *
 * <p>Failure is never silent: an undeclared codec, an unreadable value or a table that cannot be
 * read is reported to {@link ReferenceSink#finding}, and the scan goes on so the report names every
 * problem. A failure that ends the scan itself (the connection is lost) throws {@link
 * ReferenceScanException}. Either way, the caller must not run a destructive step.
 */
public interface ReferenceScanner {
  /**
   * Reads all references in scope into {@code sink}.
   *
   * @throws ReferenceScanException when discovery cannot be completed
   */
  ScanSummary scan(ReferenceScope scope, ReferenceSink sink);
}
