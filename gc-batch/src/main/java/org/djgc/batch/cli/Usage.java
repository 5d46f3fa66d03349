package org.djgc.batch.cli;

/** The {@code --help} text: every flag and exit code. */
public final class Usage {
  private Usage() {}

  public static final String TEXT = """
      dj-gc: transaction-safe garbage collection for DataJoint object storage

      Usage:
        java -jar gc-batch.jar --job=report [--store=NAME] (--schema=S ... | --all-schemas) [options]
        java -jar gc-batch.jar --restart=<jobExecutionId>
        java -jar gc-batch.jar --help

      Jobs:
        report      Read-only: which files in the store's sections are orphaned. Same stat keys as
                    DataJoint's GarbageCollector.collect(dry_run=True), plus the orphan paths with
                    sizes, reference findings and listing (scan) errors.

      Options:
        --store=NAME            Store from DataJoint's config (default: stores.default).
        --schema=S              Schema whose sections are examined; repeat or comma-separate.
        --all-schemas           Every schema on the server with a column declared on the store.
        --reference-scope=all|requested
                                Where references are read: 'all' (default) reads every schema on
                                the server that uses the store, since rows may point into another
                                schema's section; 'requested' reads only --schema (warns).
        --format=text|json      Output on stdout (default text). Logs go to stderr.
        --dj-config=PATH        datajoint.json to use (default: searched upward from the working
                                directory, as DataJoint does; .secrets/ beside it; DJ_* env).
        --restart=ID            Restart a failed or stopped job execution from its last commit.
        --help                  This text.
        --gc.KEY=VALUE          Any dj-gc setting (see README), e.g. --gc.codecs.mycodec=schema.
        --spring.KEY=VALUE      Any Spring Boot setting.

      Settings (application.yml, GC_* environment or --gc.*):
        gc.codecs.<name>=hash|schema|ignore
                                Declare a custom codec; an undeclared codec on a storage column
                                makes every run refuse (exit 3).
        gc.metadata.database    dj-gc's database beside the pipeline (default datajoint_gc): Spring
                                Batch's BATCH_* tables.
        gc.metadata.url         JDBC URL of a different metadata server (user/password from
                                gc.metadata.username / gc.metadata.password).
        gc.trash-prefix         Reserved trash prefix inside the store (default _trash).
        gc.work-dir             Scratch space for sorted spill files (default: {java.io.tmpdir}/dj-gc).
        gc.sort-buffer-records  Records sorted in memory before spilling (default 100000).
        gc.listing-threads      Sections listed concurrently (default 2).

      Exit codes:
        0  done            1  done with per-object errors     2  usage or configuration error
        3  refused by a safety gate (findings, scan errors)   4  another run holds the lock
        5  failed: restart with --restart=<jobExecutionId>
      """;
}
