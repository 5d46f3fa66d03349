/**
 * The S3 backend ({@code protocol: s3}) on the AWS SDK v2. Invariants: object keys are {@code
 * {location}/{key}} with DataJoint's location verbatim; listings are in S3's UTF-8 byte order and
 * throw rather than end early; a move copies, verifies and only then deletes its source, so the
 * bytes are always in at least one place; credentials never appear in descriptions or messages.
 */
package org.djgc.core.storage.s3;
