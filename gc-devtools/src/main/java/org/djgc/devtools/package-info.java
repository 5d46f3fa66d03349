/**
 * Developer tools behind {@code scripts/demo.sh} and {@code scripts/bench.sh}: DataJoint-format
 * pipelines written with the same fixture writer the tests use. Not part of the operator jar.
 */
package org.djgc.devtools;
