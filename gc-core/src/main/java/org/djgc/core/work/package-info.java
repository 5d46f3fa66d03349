/**
 * Work areas: scratch files of one execution that every process of a run can read, so that
 * partitions run by other processes (remote workers, issue 11) read the slices' references the
 * manager wrote and hand back what they found.
 */
package org.djgc.core.work;
