/**
 * Partitions of a run's listing: each section split into key ranges by the first character of the
 * path below the section directory, so that ranges can be listed side by side (one connection
 * each) and still yield every listed file exactly once. A range's listing relies on the backend's
 * order only to start and stop early; a listing seen out of order is a scan error, and a key a
 * misordered listing skips is never listed, so never a candidate.
 */
package org.djgc.core.partition;
