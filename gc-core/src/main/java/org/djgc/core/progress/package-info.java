/**
 * Progress reporting for long steps: steady-paced log lines with counts, bytes, rate and ETA.
 * Invariant: reporting never blocks or fails the work it describes.
 */
package org.djgc.core.progress;
