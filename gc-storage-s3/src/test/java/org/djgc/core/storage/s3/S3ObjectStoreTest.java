package org.djgc.core.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.nio.file.Path;
import org.djgc.core.config.StoreSpec;
import org.djgc.core.layout.Section;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.orphan.ListedFile;
import org.djgc.core.orphan.OrphanDiff;
import org.djgc.core.orphan.ReferenceCollector;
import org.djgc.core.orphan.SectionLister;
import org.djgc.core.reference.CodecKind;
import org.djgc.core.reference.Reference;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.RecordFile;
import org.djgc.core.storage.AbstractObjectStoreContractTest;
import org.djgc.core.storage.BatchDeleteResult;
import org.djgc.core.storage.DeleteOutcome;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectListing;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.ObjectStores;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoredObject;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 backend against an in-process S3Proxy: the shared contract (with 5 keys per listing page,
 * so every contract listing pages), plus S3-specific paging, batching, fault and credential cases.
 */
class S3ObjectStoreTest extends AbstractObjectStoreContractTest {
  private static final String ACCESS_KEY = "AKIDGCTESTACCESS";
  private static final String SECRET_KEY = "gcTestSecretKey/9f8e7d6c5b4a";
  private static final String BUCKET = "lab";
  private static final String LOCATION = "dj/store";
  private static final int PAGE_SIZE = 5;

  static {
    // Without a logback configuration everything logs at DEBUG, including the HTTP client's wire
    // log of every body: gigabytes for the multipart tests. Quiet only the libraries involved.
    for (String name : List.of("org.gaul", "org.apache.hc", "software.amazon.awssdk", "io.netty")) {
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name)).setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  @RegisterExtension
  final S3ProxyExtension s3proxy = S3ProxyExtension.builder().withCredentials(ACCESS_KEY, SECRET_KEY).build();

  private S3Client admin;
  private final FaultInjector faults = new FaultInjector();
  private final List<ObjectStore> extraStores = new ArrayList<>();

  @Override
  protected ObjectStore createEmptyStore() {
    admin = S3Client.builder().endpointOverride(s3proxy.getUri()).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
    admin.createBucket(b -> b.bucket(BUCKET));
    return newStore(LOCATION, new S3ObjectStore.Tuning(PAGE_SIZE, S3ObjectStore.MULTIPART_COPY_THRESHOLD,
        S3ObjectStore.DEFAULT_COPY_PART_SIZE), SECRET_KEY);
  }

  @AfterEach
  void closeClients() {
    extraStores.forEach(ObjectStore::close);
    if (admin != null) {
      admin.close();
    }
  }

  @Override
  protected void createFile(ObjectKey key, byte[] content) {
    put(LOCATION + "/" + key.path(), content);
  }

  @Override
  protected Optional<byte[]> readFile(ObjectKey key) {
    return read(LOCATION + "/" + key.path());
  }

  private void put(String s3Key, byte[] content) {
    admin.putObject(b -> b.bucket(BUCKET).key(s3Key), RequestBody.fromBytes(content));
  }

  private void put(String s3Key, String content) {
    put(s3Key, content.getBytes(StandardCharsets.UTF_8));
  }

  private Optional<byte[]> read(String s3Key) {
    try {
      return Optional.of(admin.getObjectAsBytes(b -> b.bucket(BUCKET).key(s3Key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  private Optional<String> readText(String path) {
    return readFile(key(path)).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  private List<String> bucketKeys() {
    return admin.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream().map(S3Object::key).toList();
  }

  /** The endpoint without its scheme, so DataJoint's rule (secure false means http) builds it. */
  private String endpointWithoutScheme() {
    URI uri = s3proxy.getUri();
    return uri.getHost() + ":" + uri.getPort();
  }

  private StoreSpec spec(String location, String secretKey) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("protocol", "s3");
    settings.put("endpoint", endpointWithoutScheme());
    settings.put("bucket", BUCKET);
    settings.put("location", location);
    settings.put("secure", false);
    settings.put("access_key", ACCESS_KEY);
    settings.put("secret_key", secretKey);
    return new StoreSpec("main", true, "s3", location, List.of(), 8, "_hash", "_schema", null, null, settings);
  }

  private S3ObjectStore newStore(String location, S3ObjectStore.Tuning tuning, String secretKey) {
    S3ObjectStore created = new S3ObjectStore(S3StoreSettings.from(spec(location, secretKey)), tuning, List.of(faults));
    extraStores.add(created);
    return created;
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void objectStoresOpensAnS3StoreFromItsSpec() {
    // when
    try (ObjectStore opened = ObjectStores.open(spec(LOCATION, SECRET_KEY), java.nio.file.Path.of("unused"))) {
      // then
      assertThat(opened).isInstanceOf(S3ObjectStore.class);
      assertThat(opened.describe()).isEqualTo("s3://lab/dj/store at http://" + endpointWithoutScheme());
      assertThat(opened.capabilities().atomicRename()).isFalse();
      assertThat(opened.capabilities().serverSideCopy()).isTrue();
      assertThat(opened.capabilities().maxDeleteBatch()).isEqualTo(1000);
      assertThat(opened.capabilities().conditionalDelete()).isTrue();
    }
  }

  @Test
  void keysAreTheLocationSlashTheKeyAndNothingOutsideTheLocationIsListed() throws Exception {
    // given
    createFile("_hash/lab/x", "in the store");
    put("dj/store-other/_hash/lab/y", "a sibling location");
    put("dj/storex", "a key sharing the location's characters");
    put("dj/_hash/lab/z", "above the location");
    put("_hash/lab/w", "at the bucket root");

    // when
    store.move(key("_hash/lab/x"), key("_trash/r1/_hash/lab/x"));

    // then
    assertThat(listPaths("")).containsExactly("_trash/r1/_hash/lab/x");
    assertThat(bucketKeys()).contains("dj/store/_trash/r1/_hash/lab/x").doesNotContain("dj/store/_hash/lab/x");
    assertThat(store.stat(key("storex"))).isEmpty();
  }

  @Test
  void anEmptyLocationAddressesTheBucketRootAndALocationIsUsedVerbatim() {
    // given
    put("_hash/lab/a", "root");
    S3ObjectStore atRoot = newStore("", S3ObjectStore.Tuning.DEFAULT, SECRET_KEY);
    S3ObjectStore slashed = newStore("dj/store/", S3ObjectStore.Tuning.DEFAULT, SECRET_KEY);

    // when
    List<String> rootListing = drain(atRoot.list(key("_hash"), Optional.empty())).stream()
        .map(o -> o.key().path()).toList();

    // then: no slash normalisation, as DataJoint builds "{location}/{rel}" (S3Proxy itself cannot
    // store "//" in a key, so the trailing-slash case is checked on the key mapping only)
    assertThat(rootListing).containsExactly("_hash/lab/a");
    assertThat(atRoot.s3Key(key("_hash/lab/a"))).isEqualTo("_hash/lab/a");
    assertThat(slashed.s3Key(key("_hash/lab/a"))).isEqualTo("dj/store//_hash/lab/a");
    assertThat(((S3ObjectStore) store).s3Key(key("_hash/lab/a"))).isEqualTo("dj/store/_hash/lab/a");
  }

  @Test
  void aBucketNamedLikeASchemaInTheKeysIsNotConfusedWithThem() throws Exception {
    // given: the bucket is called "lab", like the schema in every key
    createFile("_schema/lab/session/id=1/f_tok.dat", "schema addressed");
    createFile("_hash/lab/lv/au/lvauakv4jmvhnolrtwiraf6fsi", "hash addressed");

    // when
    List<StoredObject> listed = drain(store.list(ObjectKey.ROOT, Optional.empty()));
    store.move(key("_schema/lab/session/id=1/f_tok.dat"), key("_trash/r/_schema/lab/session/id=1/f_tok.dat"));

    // then
    assertThat(listed).extracting(o -> o.key().path())
        .containsExactly("_hash/lab/lv/au/lvauakv4jmvhnolrtwiraf6fsi", "_schema/lab/session/id=1/f_tok.dat");
    assertThat(bucketKeys()).containsExactly("dj/store/_hash/lab/lv/au/lvauakv4jmvhnolrtwiraf6fsi",
        "dj/store/_trash/r/_schema/lab/session/id=1/f_tok.dat");
    assertThat(store.describe()).startsWith("s3://lab/dj/store at http://");
  }

  @Test
  void statReportsSizeModificationTimeAndTheUnquotedEtag() throws Exception {
    // given
    createFile("_hash/lab/e", "hello");

    // when
    StoredObject object = store.stat(key("_hash/lab/e")).orElseThrow();
    StoredObject listed = drain(store.list(key("_hash"), Optional.empty())).get(0);

    // then: the MD5 of "hello", without quotes, from both
    assertThat(object.etag()).hasValue("5d41402abc4b2a76b9719d911017c592");
    assertThat(listed.etag()).hasValue("5d41402abc4b2a76b9719d911017c592");
    assertThat(object.sizeBytes()).isEqualTo(5);
    assertThat(object.lastModified()).isAfter(java.time.Instant.now().minusSeconds(600));
  }

  @Test
  void keysWithSpacesPercentSignsPlusAndNonAsciiCharactersRoundTrip() throws Exception {
    // given
    String odd = "_schema/lab/t/a b/%2F=\u00e9+x&y";
    createFile(odd, "odd");

    // when
    List<String> listed = listPaths("_schema");
    store.move(key(odd), key("_trash/" + odd));

    // then
    assertThat(listed).containsExactly(odd);
    assertThat(readText("_trash/" + odd)).hasValue("odd");
    assertThat(store.stat(key(odd))).isEmpty();
    assertThat(store.delete(key("_trash/" + odd))).isEqualTo(DeleteOutcome.DELETED);
  }

  @Test
  void listingOutsideTheBmpFollowsTheServersOrderAndResumesInIt() throws Exception {
    // given: U+FFFD sorts before U+1F600 in UTF-8 bytes (Amazon S3), after it in UTF-16 String
    // order (S3Proxy's order)
    String bmp = "o/\uFFFD";
    String astral = "o/\uD83D\uDE00";
    createFile(bmp, "bmp");
    createFile(astral, "astral");
    createFile("o/z", "ascii");

    // when
    List<String> listed = listPaths("o");
    List<String> resumed = listPaths("o", Optional.of(listed.get(0)));

    // then
    assertThat(astral.compareTo(bmp)).isNegative();
    assertThat(S3ObjectStore.compareUtf8(bmp, astral)).isNegative();
    assertThat(S3ObjectStore.compareUtf8("o/z", bmp)).isNegative();
    assertThat(listed).containsExactlyInAnyOrder(bmp, astral, "o/z").startsWith("o/z");
    assertThat(resumed).isEqualTo(listed.subList(1, 3));
  }

  @Test
  void directoryMarkersAreNotListed() throws Exception {
    // given
    createFile("m/file", "x");
    put(LOCATION + "/m/marker/", new byte[0]);

    // when / then
    assertThat(listPaths("m")).containsExactly("m/file");
  }

  @Test
  void aListingOfManyPagesIsLazyCompleteAndResumesMidPage() throws Exception {
    // given: 31 files, 7 keys per page
    S3ObjectStore paged = newStore(LOCATION, new S3ObjectStore.Tuning(7, S3ObjectStore.MULTIPART_COPY_THRESHOLD,
        S3ObjectStore.DEFAULT_COPY_PART_SIZE), SECRET_KEY);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 31; i++) {
      String path = String.format("_hash/lab/%02d/obj%02d", i % 4, i);
      createFile(path, "content " + i);
      expected.add(path);
    }
    createFile("_hashy/outside", "not under _hash/");
    expected.sort(null);
    faults.clear();

    // when: the first element needs exactly one page
    List<String> listed = new ArrayList<>();
    try (ObjectListing listing = paged.list(key("_hash"), Optional.empty())) {
      assertThat(listing.hasNext()).isTrue();
      assertThat(faults.count("ListObjectsV2")).isEqualTo(1);
      listing.forEachRemaining(o -> listed.add(o.key().path()));
    }
    long pages = faults.count("ListObjectsV2");
    String midPage = expected.get(10);
    List<String> resumed = drain(paged.list(key("_hash"), Optional.of(key(midPage)))).stream()
        .map(o -> o.key().path()).toList();

    // then
    assertThat(listed).isEqualTo(expected);
    assertThat(pages).isEqualTo(5);
    assertThat(resumed).isEqualTo(expected.subList(11, expected.size()));
  }

  @Test
  void aFailedPageMakesTheListingThrowInsteadOfEndingEarly() throws Exception {
    // given
    S3ObjectStore paged = newStore(LOCATION, new S3ObjectStore.Tuning(7, S3ObjectStore.MULTIPART_COPY_THRESHOLD,
        S3ObjectStore.DEFAULT_COPY_PART_SIZE), SECRET_KEY);
    for (int i = 0; i < 25; i++) {
      createFile(String.format("_hash/lab/f%02d", i), "x");
    }
    faults.failOn("ListObjectsV2", 3, FaultInjector.When.BEFORE_SENDING);

    // when
    List<String> before = new ArrayList<>();
    Throwable thrown = null;
    try (ObjectListing listing = paged.list(key("_hash"), Optional.empty())) {
      while (listing.hasNext()) {
        before.add(listing.next().key().path());
      }
    } catch (RuntimeException e) {
      thrown = e;
    }

    // then: two full pages came through, then the failure, never a quiet end
    assertThat(thrown).isInstanceOf(StorageException.class).hasMessageContaining("_hash").hasMessageContaining("page 3");
    assertThat(before).hasSize(14);
  }

  @Test
  void aTruncatedPageWithoutAContinuationTokenMakesTheListingThrow() throws Exception {
    // given
    S3ObjectStore paged = newStore(LOCATION, new S3ObjectStore.Tuning(7, S3ObjectStore.MULTIPART_COPY_THRESHOLD,
        S3ObjectStore.DEFAULT_COPY_PART_SIZE), SECRET_KEY);
    for (int i = 0; i < 10; i++) {
      createFile(String.format("_hash/lab/f%02d", i), "x");
    }
    faults.truncateListingWithoutToken(2);

    // when / then
    assertThatThrownBy(() -> drain(paged.list(key("_hash"), Optional.empty())))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("truncated")
        .hasMessageContaining("no continuation token");
  }

  @Test
  void aListingServedOutOfOrderGivesTheSameSectionsAndTheSameOrphans(@TempDir Path temp) throws Exception {
    // given: a hash and a schema section over several pages, with the order an independent server
    // produced (x.manifest.json after x/nested/1.0), and one reference per section
    List<String> paths = List.of("_hash/lab/aaaaaaaaaaaaaaaaaaaaaaaaaa", "_hash/lab/bbbbbbbbbbbbbbbbbbbbbbbbbb",
        "_hash/lab/cccccccccccccccccccccccccc", "lab/t/id=1/x.manifest.json", "lab/t/id=1/x/nested/1.0",
        "lab/t/id=1/x/nested/2.0", "lab/t/id=2/y.npy", "lab/t/id=2/y.npy.manifest.json", "lab/t/id=3/z");
    for (String path : paths) {
      createFile(path, path);
    }
    S3ObjectStore ordered = newStore(LOCATION, new S3ObjectStore.Tuning(3, S3ObjectStore.MULTIPART_COPY_THRESHOLD,
        S3ObjectStore.DEFAULT_COPY_PART_SIZE), SECRET_KEY);
    Listed inOrder = listSections(ordered, temp.resolve("ordered"));
    faults.reverseListingPages();

    // when
    Listed reversed = listSections(ordered, temp.resolve("reversed"));

    // then: the same files, sorted, and the same orphans; no scan error
    assertThat(reversed.scanErrors()).isEmpty();
    assertThat(reversed.files()).isEqualTo(inOrder.files()).hasSize(paths.size());
    assertThat(reversed.orphans()).isEqualTo(inOrder.orphans()).containsExactly(
        "_hash/lab/aaaaaaaaaaaaaaaaaaaaaaaaaa", "_hash/lab/cccccccccccccccccccccccccc", "lab/t/id=2/y.npy",
        "lab/t/id=2/y.npy.manifest.json", "lab/t/id=3/z");
  }

  @Test
  void keyRangesOnAServerWithAnOrderOfItsOwnAreAScanErrorAndNeverListAKeyTwice(@TempDir Path temp)
      throws Exception {
    // given: a section whose tables start with many letters, listed 3 keys a page, each page reversed
    List<String> paths = new ArrayList<>();
    for (char c = 'a'; c <= 'l'; c++) {
      paths.add("lab/" + c + "_t/id=1/f");
      createFile(paths.get(paths.size() - 1), "f");
    }
    S3ObjectStore paged = newStore(LOCATION, new S3ObjectStore.Tuning(3, S3ObjectStore.MULTIPART_COPY_THRESHOLD,
        S3ObjectStore.DEFAULT_COPY_PART_SIZE), SECRET_KEY);
    faults.reverseListingPages();

    // when: the section is listed as 4 slices
    Sliced sliced = listSlices(paged, temp, 4);

    // then: refused (the early start and stop of a range rely on key order), naming the cause;
    // what was listed is a subset of the store, each key once
    assertThat(sliced.scanErrors()).isNotEmpty().allSatisfy(e -> assertThat(e).startsWith("list_schema_paths(lab): ")
        .contains("not in key order").contains("gc.partitions=1"));
    assertThat(sliced.files()).doesNotHaveDuplicates().isSubsetOf(paths);
  }

  @Test
  void keyRangesOnAnOrderedServerListExactlyWhatOneListingDoes(@TempDir Path temp) throws Exception {
    // given
    List<String> paths = new ArrayList<>();
    for (char c = 'a'; c <= 'l'; c++) {
      paths.add("lab/" + c + "_t/id=1/f");
      createFile(paths.get(paths.size() - 1), "f");
    }
    S3ObjectStore paged = newStore(LOCATION, new S3ObjectStore.Tuning(3, S3ObjectStore.MULTIPART_COPY_THRESHOLD,
        S3ObjectStore.DEFAULT_COPY_PART_SIZE), SECRET_KEY);

    // when
    Sliced sliced = listSlices(paged, temp, 5);

    // then
    assertThat(sliced.scanErrors()).isEmpty();
    assertThat(sliced.stored()).isEqualTo(12L);
    assertThat(sliced.files()).containsExactlyElementsOf(paths);
  }

  /** What listing section {@code lab} as {@code count} slices found, slice by slice. */
  private record Sliced(List<String> files, List<String> scanErrors, long stored) {}

  private static Sliced listSlices(ObjectStore store, Path temp, int count) {
    Section section = new Section(SectionKind.SCHEMA, "lab", "lab");
    List<String> files = new ArrayList<>();
    List<String> scanErrors = new ArrayList<>();
    long stored = 0;
    List<org.djgc.core.partition.Slice> slices = org.djgc.core.partition.Slice.of(List.of("lab"),
        org.djgc.core.partition.PartitionPlan.ranges(count));
    for (int i = 0; i < slices.size(); i++) {
      Path listing = temp.resolve("slice-" + i + ".bin");
      SectionLister.SliceResult result = new SectionLister(store, temp, 2, 1).listSlice(slices.get(i), section, listing);
      result.scanError().ifPresent(scanErrors::add);
      stored += result.counts().stored();
      try (CloseableIterator<ListedFile> read = RecordFile.read(listing, ListedFile.CODEC)) {
        read.forEachRemaining(f -> files.add(f.path()));
      }
    }
    return new Sliced(files, scanErrors, stored);
  }

  @Test
  void aKeyListedTwiceMakesItsSectionAScanError(@TempDir Path temp) throws Exception {
    // given: a server that serves the first key of a page again on the next page
    for (int i = 0; i < 7; i++) {
      createFile("lab/t/id=" + i + "/f", "f" + i);
    }
    S3ObjectStore paged = newStore(LOCATION, new S3ObjectStore.Tuning(3, S3ObjectStore.MULTIPART_COPY_THRESHOLD,
        S3ObjectStore.DEFAULT_COPY_PART_SIZE), SECRET_KEY);
    faults.repeatAKeyOnTheNextPage();

    // when
    Listed listed = listSections(paged, temp);

    // then: refused as a listing that may also have skipped keys; the file is recorded once
    assertThat(listed.scanErrors()).singleElement().asString().startsWith("list_schema_paths(lab): ")
        .contains("'lab/t/id=0/f' more than once");
    assertThat(listed.files()).hasSize(7).doesNotHaveDuplicates();
  }

  /** What SectionLister and OrphanDiff make of a store's sections, with the references of the order tests. */
  private record Listed(List<String> files, List<String> orphans, List<String> scanErrors) {}

  private static Listed listSections(ObjectStore listedStore, Path directory) throws Exception {
    java.nio.file.Files.createDirectories(directory);
    List<Section> sections = List.of(new Section(SectionKind.HASH, "lab", "_hash/lab"),
        new Section(SectionKind.SCHEMA, "lab", "lab"));
    Path listing = directory.resolve("listing.bin");
    SectionLister.Result result = new SectionLister(listedStore, directory, 2, 1).listInto(sections, listing);
    List<String> files = new ArrayList<>();
    try (CloseableIterator<ListedFile> read = RecordFile.read(listing, ListedFile.CODEC)) {
      read.forEachRemaining(f -> files.add(f.path()));
    }
    Path references = directory.resolve("references.bin");
    try (ReferenceCollector collector = new ReferenceCollector(directory, 2)) {
      collector.reference(new Reference("_hash/lab/bbbbbbbbbbbbbbbbbbbbbbbbbb", CodecKind.HASH));
      collector.reference(new Reference("lab/t/id=1/x", CodecKind.SCHEMA));
      collector.writeDistinct(references);
    }
    Path orphans = directory.resolve("orphans.bin");
    OrphanDiff.diff(references, listing, orphans, result.counts());
    List<String> orphanPaths = new ArrayList<>();
    try (CloseableIterator<ListedFile> read = RecordFile.read(orphans, ListedFile.CODEC)) {
      read.forEachRemaining(f -> orphanPaths.add(f.path()));
    }
    return new Listed(files, orphanPaths, result.scanErrors());
  }

  @Test
  void aMoveOfAListedVersionCostsThreeRequestsAndReportsTheCopysEtag() throws Exception {
    // given: a file as a listing saw it
    createFile("_hash/lab/m", "moved");
    StoredObject listed = store.list(key("_hash/lab"), Optional.empty()).next();
    faults.clear();

    // when
    Optional<String> etag = store.move(key("_hash/lab/m"), key("_trash/r/_hash/lab/m"), Optional.of(listed));

    // then: the target is checked (S3Proxy ignores If-None-Match on copies), copied, the source deleted
    // (the store's first conditional delete proves If-Match first: a probe put, refused, deleted)
    assertThat(faults.operations()).containsExactly("HeadObject", "CopyObject", "PutObject", "DeleteObject",
        "DeleteObject", "DeleteObject");
    assertThat(etag).isEqualTo(store.stat(key("_trash/r/_hash/lab/m")).orElseThrow().etag());
    assertThat(readText("_trash/r/_hash/lab/m")).hasValue("moved");
    assertThat(readFile(key("_hash/lab/m"))).isEmpty();
  }

  @Test
  void aMoveWithoutAListedVersionReadsTheSourceFirst() throws Exception {
    createFile("_hash/lab/m", "moved");
    faults.clear();

    Optional<String> etag = store.move(key("_hash/lab/m"), key("_trash/r/_hash/lab/m"));

    assertThat(faults.operations()).containsExactly("HeadObject", "HeadObject", "CopyObject", "PutObject",
        "DeleteObject", "DeleteObject", "DeleteObject");
    assertThat(etag).isEqualTo(store.stat(key("_trash/r/_hash/lab/m")).orElseThrow().etag());
  }

  @Test
  void aSourceRewrittenSinceItWasListedIsNotMoved() throws Exception {
    // given: listed, then rewritten with other bytes
    createFile("lab/t/id=1/f", "as listed");
    StoredObject listed = store.list(key("lab/t"), Optional.empty()).next();
    createFile("lab/t/id=1/f", "written after the listing");

    // when / then: nothing moves, nothing is deleted
    assertThatThrownBy(() -> store.move(key("lab/t/id=1/f"), key("_trash/r/lab/t/id=1/f"), Optional.of(listed)))
        .isInstanceOf(StorageException.class).hasMessageContaining("the source was kept");
    assertThat(readText("lab/t/id=1/f")).hasValue("written after the listing");
    assertThat(readFile(key("_trash/r/lab/t/id=1/f"))).isEmpty();
  }

  @Test
  void aConditionalDeleteIsOneRequestAfterTheStoresProbe() throws Exception {
    createFile("_trash/r/x", "old");
    createFile("_trash/r/w", "old too");
    String etag = store.stat(key("_trash/r/x")).orElseThrow().etag().orElseThrow();
    String other = store.stat(key("_trash/r/w")).orElseThrow().etag().orElseThrow();
    faults.clear();

    // the first conditional delete of a store proves If-Match once: a probe written, deleted with a
    // wrong ETag (refused), deleted
    assertThat(store.delete(key("_trash/r/x"), Optional.of(etag))).isEqualTo(DeleteOutcome.DELETED);
    assertThat(faults.operations()).containsExactly("PutObject", "DeleteObject", "DeleteObject", "DeleteObject");
    faults.clear();
    assertThat(store.delete(key("_trash/r/w"), Optional.of(other))).isEqualTo(DeleteOutcome.DELETED);

    assertThat(faults.operations()).containsExactly("DeleteObject");
    assertThat(readFile(key("_trash/r/x"))).isEmpty();
    assertThat(readFile(key("_trash/r/w"))).isEmpty();
    assertThat(bucketKeys()).as("no probe left behind").noneMatch(k -> k.contains(DeleteIfMatchProbe.PREFIX));
  }

  @Test
  void aServerThatIgnoresIfMatchSilentlyIsFoundOutAndAChangedCopyIsKept() throws Exception {
    // given: a server that drops If-Match from deletes without a word, and a trash copy rewritten
    // since its ETag was recorded
    S3ObjectStore ignoring = new S3ObjectStore(S3StoreSettings.from(spec(LOCATION, SECRET_KEY)),
        S3ObjectStore.Tuning.DEFAULT, List.of(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
          @Override
          public software.amazon.awssdk.http.SdkHttpRequest modifyHttpRequest(
              software.amazon.awssdk.core.interceptor.Context.ModifyHttpRequest context,
              software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            return context.request() instanceof software.amazon.awssdk.services.s3.model.DeleteObjectRequest
                ? context.httpRequest().toBuilder().removeHeader("If-Match").build() : context.httpRequest();
          }
        }));
    extraStores.add(ignoring);
    createFile("_trash/r/v", "as quarantined");
    String recorded = store.stat(key("_trash/r/v")).orElseThrow().etag().orElseThrow();
    createFile("_trash/r/v", "rewritten by someone");

    // when / then: the probe shows the condition is ignored, so the ETag is compared first
    assertThatThrownBy(() -> ignoring.delete(key("_trash/r/v"), Optional.of(recorded)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("etag changed");
    assertThat(readText("_trash/r/v")).hasValue("rewritten by someone");
    String current = store.stat(key("_trash/r/v")).orElseThrow().etag().orElseThrow();
    assertThat(ignoring.delete(key("_trash/r/v"), Optional.of(current))).isEqualTo(DeleteOutcome.DELETED);
    assertThat(bucketKeys()).as("no probe left behind").noneMatch(k -> k.contains(DeleteIfMatchProbe.PREFIX));
  }

  @Test
  void throttlingIsRetriedWithBackoff() throws Exception {
    // given: the server answers 503 SlowDown twice
    createFile("_hash/lab/t1", "x");
    createFile("_hash/lab/t2", "y");
    faults.slowDown("ListObjectsV2", 2);
    int attemptsBefore = faults.attempts();

    // when
    List<String> listed = listPaths("_hash");

    // then
    assertThat(listed).containsExactly("_hash/lab/t1", "_hash/lab/t2");
    assertThat(faults.attempts() - attemptsBefore).isEqualTo(3);
  }

  @Test
  void throttlingBeyondTheRetryBudgetIsAStorageError() throws Exception {
    // given
    createFile("_hash/lab/t1", "x");
    faults.slowDown("ListObjectsV2", 100);
    int attemptsBefore = faults.attempts();

    // when / then
    assertThatThrownBy(() -> listPaths("_hash"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("SlowDown");
    assertThat(faults.attempts() - attemptsBefore).isEqualTo(S3ObjectStore.MAX_ATTEMPTS);
    faults.disarm();
  }

  @Test
  void aFailedStatIsAnErrorNotAMissingFile() throws Exception {
    // given
    createFile("_hash/lab/s", "x");
    faults.failOn("HeadObject", 1, FaultInjector.When.BEFORE_SENDING);

    // when / then
    assertThatThrownBy(() -> store.stat(key("_hash/lab/s")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("_hash/lab/s");
  }

  @Test
  void deleteAllOfMoreThanOneBatchReportsEveryKey() throws Exception {
    // given: 1100 existing keys and 5 missing ones spread among them
    List<ObjectKey> keys = new ArrayList<>();
    List<ObjectKey> missing = new ArrayList<>();
    for (int i = 0; i < 1100; i++) {
      ObjectKey k = key(String.format("_trash/r1/_hash/lab/%04d", i));
      createFile(k, new byte[] {(byte) i});
      keys.add(k);
      if (i % 250 == 0) {
        ObjectKey gone = key(String.format("_trash/r1/_hash/lab/%04d-missing", i));
        keys.add(gone);
        missing.add(gone);
      }
    }
    createFile("_trash/r1/keep", "kept");
    faults.clear();

    // when
    BatchDeleteResult result = store.deleteAll(keys);

    // then
    assertThat(faults.count("DeleteObjects")).isEqualTo(2);
    assertThat(result.failed()).isEmpty();
    assertThat(result.absent()).containsExactlyElementsOf(missing);
    assertThat(result.deleted()).hasSize(1100).doesNotContainAnyElementsOf(missing);
    assertThat(bucketKeys()).containsExactly("dj/store/_trash/r1/keep");
  }

  @Test
  void deleteAllReportsAFailedBatchPerKeyAndGoesOn() throws Exception {
    // given
    List<ObjectKey> keys = new ArrayList<>();
    for (int i = 0; i < 1003; i++) {
      ObjectKey k = key(String.format("d/%04d", i));
      createFile(k, new byte[0]);
      keys.add(k);
    }
    faults.failOn("DeleteObjects", 1, FaultInjector.When.BEFORE_SENDING);

    // when
    BatchDeleteResult result = store.deleteAll(keys);

    // then: the first batch of 1000 failed key by key, the second was deleted
    assertThat(result.failed()).hasSize(1000).containsKey(key("d/0000")).containsKey(key("d/0999"));
    assertThat(result.failed().get(key("d/0000"))).contains("injected fault");
    assertThat(result.deleted()).containsExactly(key("d/1000"), key("d/1001"), key("d/1002"));
    assertThat(bucketKeys()).hasSize(1000).contains("dj/store/d/0000", "dj/store/d/0999");
  }

  @Test
  void conditionalDeleteDeletesOnlyTheRecordedVersion() throws Exception {
    // given
    createFile("_trash/r/x", "old");
    String etag = store.stat(key("_trash/r/x")).orElseThrow().etag().orElseThrow();
    createFile("_trash/r/y", "also old");
    String staleEtag = store.stat(key("_trash/r/y")).orElseThrow().etag().orElseThrow();
    createFile("_trash/r/y", "rewritten since");

    // when / then
    assertThat(store.delete(key("_trash/r/x"), Optional.of(etag))).isEqualTo(DeleteOutcome.DELETED);
    // one request, If-Match alone: S3 answers a delete of a missing key like any other (S3Proxy 204)
    assertThat(store.delete(key("_trash/r/x"), Optional.of(etag))).isIn(DeleteOutcome.DELETED, DeleteOutcome.ABSENT);
    assertThat(store.delete(key("_trash/r/x"), Optional.of("\"" + etag + "\""))).isIn(DeleteOutcome.DELETED,
        DeleteOutcome.ABSENT);
    assertThat(readFile(key("_trash/r/x"))).isEmpty();
    assertThatThrownBy(() -> store.delete(key("_trash/r/y"), Optional.of(staleEtag)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("_trash/r/y")
        .hasMessageContaining("etag changed");
    assertThat(readText("_trash/r/y")).hasValue("rewritten since");
  }

  @Test
  void theServerRefusesAConditionalDeleteWhoseEtagChangedAfterTheCheck() throws Exception {
    // given: the object is rewritten between the store's HeadObject check and its DeleteObject
    createFile("_trash/r/z", "old");
    String etag = store.stat(key("_trash/r/z")).orElseThrow().etag().orElseThrow();
    S3ObjectStore racing = new S3ObjectStore(S3StoreSettings.from(spec(LOCATION, SECRET_KEY)),
        S3ObjectStore.Tuning.DEFAULT, List.of(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
          @Override
          public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
              software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            if (context.request() instanceof software.amazon.awssdk.services.s3.model.DeleteObjectRequest) {
              put(LOCATION + "/_trash/r/z", "rewritten in the window");
            }
          }
        }));
    extraStores.add(racing);

    // when / then: If-Match catches what the HeadObject check could not
    assertThatThrownBy(() -> racing.delete(key("_trash/r/z"), Optional.of(etag)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("etag changed");
    assertThat(readText("_trash/r/z")).hasValue("rewritten in the window");
  }

  @Test
  void aMultipartMoveCopiesEveryPartAndVerifiesTheSize() throws Exception {
    // given: 11 MiB, copied in 5 MiB parts above a 6 MiB threshold
    S3ObjectStore multipart = newStore(LOCATION, new S3ObjectStore.Tuning(1000, 6L << 20, 5L << 20), SECRET_KEY);
    byte[] content = new byte[11 << 20];
    new java.util.Random(42).nextBytes(content);
    createFile(key("_schema/lab/t/big.bin"), content);
    faults.clear();

    // when
    multipart.move(key("_schema/lab/t/big.bin"), key("_trash/r/_schema/lab/t/big.bin"));

    // then
    assertThat(faults.count("UploadPartCopy")).isEqualTo(3);
    assertThat(faults.count("CopyObject")).isZero();
    assertThat(readFile(key("_trash/r/_schema/lab/t/big.bin"))).hasValueSatisfying(b -> assertThat(b).isEqualTo(content));
    assertThat(readFile(key("_schema/lab/t/big.bin"))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(FaultInjector.When.class)
  void aMoveThatFailsAtAnyRequestLeavesTheBytesInAtLeastOnePlace(FaultInjector.When when) throws Exception {
    for (int n = 1; n <= 8; n++) {
      // given
      String source = "_schema/lab/t/id=" + n + "/f.dat";
      String target = "_trash/r/" + source;
      createFile(source, "payload " + n);
      faults.failOn(null, n, when);

      // when
      boolean moved;
      try {
        store.move(key(source), key(target));
        moved = true;
      } catch (StorageException e) {
        moved = false;
        assertThat(e.getMessage()).contains(source);
      }
      faults.disarm();

      // then
      Optional<String> atSource = readText(source);
      Optional<String> atTarget = readText(target);
      assertThat(atSource.isPresent() || atTarget.isPresent()).as("request %d %s: bytes somewhere", n, when).isTrue();
      String payload = "payload " + n;
      atSource.ifPresent(s -> assertThat(s).isEqualTo(payload));
      atTarget.ifPresent(s -> assertThat(s).isEqualTo(payload));
      if (moved) {
        assertThat(atTarget).as("request %d %s: moved", n, when).isPresent();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(FaultInjector.When.class)
  void aMultipartMoveThatFailsAtAnyRequestLeavesTheBytesInAtLeastOnePlace(FaultInjector.When when) throws Exception {
    S3ObjectStore multipart = newStore(LOCATION, new S3ObjectStore.Tuning(1000, 6L << 20, 5L << 20), SECRET_KEY);
    byte[] content = new byte[(11 << 20) + 3];
    Arrays.fill(content, (byte) 7);
    for (int n = 1; n <= 10; n++) {
      // given
      String source = "_schema/lab/big/" + n;
      String target = "_trash/r/" + source;
      createFile(key(source), content);
      faults.failOn(null, n, when);

      // when
      try {
        multipart.move(key(source), key(target));
      } catch (StorageException e) {
        assertThat(e.getMessage()).contains(source);
      }
      faults.disarm();

      // then
      Optional<byte[]> atSource = readFile(key(source));
      Optional<byte[]> atTarget = readFile(key(target));
      assertThat(atSource.isPresent() || atTarget.isPresent()).as("request %d %s: bytes somewhere", n, when).isTrue();
      atSource.ifPresent(b -> assertThat(b).isEqualTo(content));
      atTarget.ifPresent(b -> assertThat(b).isEqualTo(content));
    }
  }

  @Test
  void aMoveNeverDeletesASourceRewrittenDuringTheMove() throws Exception {
    // given: the source is rewritten right after it was copied
    createFile("_schema/lab/t/r", "first version");
    S3ObjectStore racing = new S3ObjectStore(S3StoreSettings.from(spec(LOCATION, SECRET_KEY)),
        S3ObjectStore.Tuning.DEFAULT, List.of(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
          @Override
          public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
              software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            if (context.request() instanceof software.amazon.awssdk.services.s3.model.CopyObjectRequest) {
              put(LOCATION + "/_schema/lab/t/r", "second version");
            }
          }
        }));
    extraStores.add(racing);

    // when / then
    assertThatThrownBy(() -> racing.move(key("_schema/lab/t/r"), key("_trash/r/_schema/lab/t/r")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("_schema/lab/t/r");
    assertThat(readText("_schema/lab/t/r")).hasValue("second version");
    assertThat(readText("_trash/r/_schema/lab/t/r")).hasValue("first version");
  }

  @Test
  void partPlanningCoversEveryByteOnceAndStaysWithinTenThousandParts() {
    // when
    List<S3ObjectStore.PartRange> small = S3ObjectStore.planParts(11, 5);
    List<S3ObjectStore.PartRange> exact = S3ObjectStore.planParts(10, 5);
    long fiveTiB = 5L << 40;
    List<S3ObjectStore.PartRange> huge = S3ObjectStore.planParts(fiveTiB, S3ObjectStore.DEFAULT_COPY_PART_SIZE);
    List<S3ObjectStore.PartRange> sixGiB = S3ObjectStore.planParts(6L << 30, S3ObjectStore.DEFAULT_COPY_PART_SIZE);

    // then
    assertThat(small).extracting(S3ObjectStore.PartRange::httpRange)
        .containsExactly("bytes=0-4", "bytes=5-9", "bytes=10-10");
    assertThat(small).extracting(S3ObjectStore.PartRange::number).containsExactly(1, 2, 3);
    assertThat(exact).extracting(S3ObjectStore.PartRange::httpRange).containsExactly("bytes=0-4", "bytes=5-9");
    assertThat(sixGiB).hasSize(12).allSatisfy(p -> assertThat(p.size()).isEqualTo(512L << 20));
    assertThat(huge.size()).isLessThanOrEqualTo(10_000);
    assertThat(huge.get(0).first()).isZero();
    assertThat(huge.get(huge.size() - 1).last()).isEqualTo(fiveTiB - 1);
    for (int i = 1; i < huge.size(); i++) {
      assertThat(huge.get(i).first()).isEqualTo(huge.get(i - 1).last() + 1);
    }
    assertThatThrownBy(() -> S3ObjectStore.planParts(0, 5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void credentialsNeverAppearInDescriptionsOrMessages() throws Exception {
    // given: one store with the right credentials, one with a wrong secret
    String wrongSecret = "wrongSecretValue/1234567890";
    S3ObjectStore denied = newStore(LOCATION, S3ObjectStore.Tuning.DEFAULT, wrongSecret);
    createFile("_hash/lab/c", "x");
    List<Throwable> failures = new ArrayList<>();

    // when
    for (Runnable call : List.<Runnable>of(
        () -> drain(denied.list(ObjectKey.ROOT, Optional.empty())),
        () -> denied.stat(key("_hash/lab/c")),
        () -> denied.move(key("_hash/lab/c"), key("_trash/c")),
        () -> denied.delete(key("_hash/lab/c")),
        () -> denied.delete(key("_hash/lab/c"), Optional.of("abc")),
        () -> denied.open(key("_hash/lab/c")),
        () -> store.move(key("_hash/lab/missing"), key("_trash/missing")),
        () -> store.open(key("_hash/lab/missing")))) {
      try {
        call.run();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    BatchDeleteResult batch = denied.deleteAll(List.of(key("_hash/lab/c")));

    // then
    assertThat(failures).hasSize(8).allSatisfy(e -> assertThat(e).isInstanceOf(StorageException.class));
    List<String> texts = new ArrayList<>(List.of(store.describe(), store.toString(), denied.describe(),
        denied.toString(), S3StoreSettings.from(spec(LOCATION, SECRET_KEY)).toString(),
        spec(LOCATION, SECRET_KEY).toString()));
    texts.addAll(batch.failed().values());
    for (Throwable failure : failures) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        texts.add(String.valueOf(t.getMessage()));
      }
    }
    assertThat(batch.failed()).containsOnlyKeys(key("_hash/lab/c"));
    assertThat(texts).allSatisfy(text -> assertThat(text).doesNotContain(ACCESS_KEY).doesNotContain(SECRET_KEY)
        .doesNotContain(wrongSecret));
    assertThat(readText("_hash/lab/c")).hasValue("x");
  }
}
