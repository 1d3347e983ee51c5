package org.csghub.dataviewer.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.csghub.dataviewer.internal.Layout.Config;
import org.csghub.dataviewer.internal.Layout.DataFile;
import org.csghub.dataviewer.internal.Layout.Split;
import org.csghub.repo.api.CardReader;
import org.csghub.repo.api.LfsStore;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoContent;
import org.csghub.repo.api.RepoContent.Entry;
import org.csghub.repo.api.RepoContent.TreePage;
import org.csghub.rest.ApiException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dataset viewer: finds a dataset's configs and splits at a revision, copies the files of a split into the
 * local cache (Git blobs through {@link RepoContent#open}, LFS objects through {@link LfsStore#open}, streamed) and
 * asks DuckDB for their schema, row count and pages of rows. No permission checks here: the caller checks read
 * on the repository.
 */
@Component(service = DatasetViewer.class, configurationPid = DataViewerConfig.PID)
@Designate(ocd = DataViewerConfig.class)
public class DatasetViewer {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetViewer.class);
    static final long MAX_README_BYTES = 1024 * 1024;
    private static final int TREE_PAGE = 1000;

    private final CardReader cards;
    private final RepoContent content;
    private final LfsStore lfs;
    private final DataViewerConfig config;
    private final ExecutorService copier;
    private final FileCache cache;
    private final Path spillDir;
    private final Object engineLock = new Object();
    /** started on first use: loading the 72 MB library and starting DuckDB stays out of the hub's start-up */
    private DuckDbEngine engine;
    private String engineProblem;
    private boolean stopped;
    private final Cells cells = new Cells();
    private final BoundedMap<String, Layout> layouts = new BoundedMap<>(256);
    private final BoundedMap<String, List<Column>> schemas = new BoundedMap<>(256);
    private final BoundedMap<String, Long> counts = new BoundedMap<>(1024);

    @Activate
    public DatasetViewer(@Reference RepoContent content, @Reference LfsStore lfs, @Reference CardReader cards,
                         DataViewerConfig config, BundleContext context) throws IOException {
        this.content = content;
        this.cards = cards;
        this.lfs = lfs;
        this.config = config;
        Path dir = cacheDir(config, context);
        AtomicInteger n = new AtomicInteger();
        this.copier = Executors.newFixedThreadPool(Math.max(1, config.copyThreads()), r -> {
            Thread t = new Thread(r, "csghub-dataviewer-copy-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.cache = new FileCache(dir.resolve("files"), config.cacheMaxBytes(), copier);
        removeStaleSpillDirs(dir.resolve("duckdb"));
        this.spillDir = dir.resolve("duckdb").resolve(UUID.randomUUID().toString());
        LOG.info("dataset viewer: cache {} (cap {} bytes, {} bytes in use)", cache.dir(), config.cacheMaxBytes(),
                cache.totalBytes());
    }

    /** The DuckDB engine, started on first use; a start that failed (no library for the platform) answers 503. */
    private DuckDbEngine engine() {
        synchronized (engineLock) {
            if (engine == null && engineProblem == null && !stopped) {
                long t = System.currentTimeMillis();
                try {
                    Files.createDirectories(spillDir);
                    engine = new DuckDbEngine(new DuckDbEngine.Settings(cache.dir(), spillDir, config.memoryLimit(),
                            config.threads(), config.maxConcurrentQueries()));
                    LOG.info("DuckDB started in {} ms (memory_limit {}, threads {}, spill {})",
                            System.currentTimeMillis() - t, config.memoryLimit(), config.threads(), spillDir);
                } catch (IOException | SQLException | RuntimeException | LinkageError ex) {
                    // e.g. no DuckDB library for this platform: the splits still list, queries answer 503
                    engineProblem = ex.toString();
                    LOG.error("the dataset viewer cannot start DuckDB; schema and rows answer 503", ex);
                }
            }
            if (engine == null) {
                throw new ApiException(503, "viewer_unavailable", "the dataset viewer's query engine (DuckDB) is "
                        + "not available on this server" + (engineProblem == null ? "" : ": " + engineProblem));
            }
            return engine;
        }
    }

    static Path cacheDir(DataViewerConfig config, BundleContext context) {
        if (!config.cacheDir().isBlank()) {
            return Path.of(config.cacheDir());
        }
        String data = context.getProperty("csghub.data.dir");
        if (data != null && !data.isBlank()) {
            return Path.of(data, "dataviewer");
        }
        return context.getDataFile("dataviewer").toPath();
    }

    /** Spill directories of earlier runs (each run has its own, removed at a clean stop). */
    private static void removeStaleSpillDirs(Path parent) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(parent)) {
            for (Path d : dirs.toList()) {
                try (Stream<Path> walk = Files.walk(d)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            LOG.warn("could not clean {}: {}", parent, e.toString());
        }
    }

    @Deactivate
    void deactivate() {
        copier.shutdownNow();
        synchronized (engineLock) {
            stopped = true;
            if (engine != null) {
                try {
                    engine.close();
                } catch (SQLException e) {
                    LOG.warn("closing DuckDB: {}", e.toString());
                }
            }
        }
    }

    // ---- configs and splits

    /** The layout of the dataset at a revision (the default branch when {@code ref} is empty). */
    Layout layout(Repo repo, String ref) {
        if ((ref == null || ref.isBlank()) && repo.headCommit() == null) {
            return new Layout(null, "files", List.of(), false);
        }
        String commit = content.resolve(repo, ref == null || ref.isBlank() ? repo.defaultBranch() : ref);
        String key = repo.id() + "@" + commit;
        Optional<Layout> known = layouts.get(key);
        if (known.isPresent()) {
            return known.get();
        }
        List<DataFile> files = new ArrayList<>();
        boolean partial = false;
        int seen = 0;
        String cursor = null;
        do {
            TreePage page = content.tree(repo, commit, "", true, cursor, TREE_PAGE);
            for (Entry e : page.entries()) {
                seen++;
                if ("file".equals(e.type()) && !hidden(e.path())) {
                    Optional<DataFormat> f = DataFormat.of(e.path());
                    f.ifPresent(format -> files.add(new DataFile(e.path(), format, e.size(), e.blobId(), e.lfs())));
                }
            }
            cursor = page.next();
            if (cursor != null && seen >= config.maxTreeEntries()) {
                partial = true;
                break;
            }
        } while (cursor != null);
        SplitDiscovery.Result found = SplitDiscovery.discover(files, cards.frontMatter(readme(repo, commit)));
        Layout layout = new Layout(commit, found.source(), found.configs(), partial);
        layouts.put(key, layout);
        return layout;
    }

    /** Dot-directories and files, and __pycache__-like ones, are not data (as in the datasets library). */
    static boolean hidden(String path) {
        for (String part : path.split("/")) {
            if (part.startsWith(".") || part.startsWith("__")) {
                return true;
            }
        }
        return false;
    }

    private String readme(Repo repo, String commit) {
        Optional<Entry> e = content.entry(repo, commit, "README.md");
        if (e.isEmpty() || !"file".equals(e.get().type()) || e.get().lfs() != null
                || e.get().size() > MAX_README_BYTES) {
            return null;
        }
        try (InputStream in = content.open(repo, commit, "README.md")) {
            return new String(in.readNBytes((int) MAX_README_BYTES), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    Views.Splits splits(Repo repo, String ref) {
        Layout layout = layout(repo, ref);
        List<Views.ConfigView> configs = new ArrayList<>();
        for (Config c : layout.configs()) {
            List<Views.SplitView> splits = new ArrayList<>();
            for (Split s : c.splits()) {
                List<Views.FileView> files = s.files().stream().map(f -> new Views.FileView(f.path(),
                        f.format().name().toLowerCase(java.util.Locale.ROOT), f.size(), f.lfs() != null)).toList();
                splits.add(new Views.SplitView(s.name(), s.files().size(), s.bytes(), cheapCount(repo, layout, s),
                        files));
            }
            configs.add(new Views.ConfigView(c.name(), splits));
        }
        return new Views.Splits(layout.commit(), layout.source(), layout.partial(), configs);
    }

    /** A known count, or one Parquet metadata gives without copying anything. */
    private Long cheapCount(Repo repo, Layout layout, Split s) {
        String key = splitKey(s);
        Optional<Long> known = counts.get(key);
        if (known.isPresent()) {
            return known.get();
        }
        boolean cheap = s.files().size() <= 100
                && s.files().stream().allMatch(f -> f.format() == DataFormat.PARQUET && cache.contains(cacheName(f)));
        if (!cheap) {
            return null;
        }
        try {
            return onSplit(repo, layout.commit(), s, 0, (table, c) -> {
                long n = table.count(c, RowFilter.Where.NONE, config.queryTimeoutSeconds());
                counts.put(key, n);
                return n;
            });
        } catch (ApiException e) {
            return null; // the split's own routes report what is wrong with it
        }
    }

    // ---- schema and rows

    Views.Schema schema(Repo repo, String ref, String configName, String splitName) {
        Layout layout = layout(repo, ref);
        Config c = config(layout, configName);
        Split s = split(c, splitName);
        List<Column> columns = onSplit(repo, layout.commit(), s, waitMillis(), (table, conn) -> columns(s, table, conn));
        return new Views.Schema(layout.commit(), c.name(), s.name(), columns, counts.get(splitKey(s)).orElse(null));
    }

    Views.Rows rows(Repo repo, String ref, String configName, String splitName, long offset, int limit, String where,
                    String orderBy) {
        if (offset < 0) {
            throw ApiException.badRequest("invalid_offset", "offset must be >= 0");
        }
        if (limit < 1 || limit > config.maxLimit()) {
            throw ApiException.badRequest("invalid_limit", "limit must be 1.." + config.maxLimit());
        }
        Layout layout = layout(repo, ref);
        Config c = config(layout, configName);
        Split s = split(c, splitName);
        int max = config.maxCellChars();
        return onSplit(repo, layout.commit(), s, waitMillis(), (table, conn) -> {
            List<Column> columns = columns(s, table, conn);
            Map<String, Column> byName = new LinkedHashMap<>();
            columns.forEach(col -> byName.put(col.name(), col));
            RowFilter.Where filter = RowFilter.where(where, byName);
            String order = RowFilter.orderBy(orderBy, byName);
            long total;
            Optional<Long> known = filter.sql().isEmpty() ? counts.get(splitKey(s)) : Optional.empty();
            if (known.isPresent()) {
                total = known.get();
            } else {
                total = table.count(conn, filter, config.queryTimeoutSeconds());
                if (filter.sql().isEmpty()) {
                    counts.put(splitKey(s), total);
                }
            }
            List<Views.Row> rows = new ArrayList<>();
            boolean[] truncated = {false};
            long[] chars = {0};
            table.rows(conn, columns, filter, order, offset, limit, max, config.queryTimeoutSeconds(), rs -> {
                Map<String, Object> row = new LinkedHashMap<>();
                List<String> cut = new ArrayList<>();
                int rowChars = 32;
                for (int i = 0; i < columns.size(); i++) {
                    Column col = columns.get(i);
                    Cells.Cell cell = cells.read(rs, col, i, max);
                    row.put(col.name(), cell.value());
                    rowChars += cell.chars() + col.name().length() + 4;
                    if (cell.truncated()) {
                        cut.add(col.name());
                    }
                }
                if (!rows.isEmpty() && chars[0] + rowChars > config.maxResponseChars()) {
                    truncated[0] = true;
                    return false;
                }
                chars[0] += rowChars;
                truncated[0] |= !cut.isEmpty();
                rows.add(new Views.Row(offset + rows.size(), row, cut));
                return true;
            });
            return new Views.Rows(layout.commit(), c.name(), s.name(), columns, rows, offset, limit, total,
                    truncated[0]);
        });
    }

    private List<Column> columns(Split s, SplitTable table, java.sql.Connection conn) throws SQLException {
        String key = splitKey(s);
        Optional<List<Column>> known = schemas.get(key);
        if (known.isPresent()) {
            return known.get();
        }
        List<Column> columns = table.describe(conn, config.queryTimeoutSeconds());
        schemas.put(key, columns);
        return columns;
    }

    private long waitMillis() {
        return config.prepareWaitSeconds() * 1000L;
    }

    private static Config config(Layout layout, String name) {
        if (layout.configs().isEmpty()) {
            throw new ApiException(404, "no_data_files", "the dataset has no Parquet, CSV or JSON files"
                    + (layout.commit() == null ? "" : " at " + layout.commit()));
        }
        if (name == null || name.isBlank()) {
            return layout.configs().get(0);
        }
        return layout.configs().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new ApiException(404, "config_not_found", "no config '" + name + "'; configs: "
                        + layout.configs().stream().map(Config::name).collect(Collectors.joining(", "))));
    }

    private static Split split(Config c, String name) {
        if (name == null || name.isBlank()) {
            return c.splits().get(0);
        }
        return c.splits().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new ApiException(404, "split_not_found", "no split '" + name + "' in config '"
                        + c.name() + "'; splits: " + c.splits().stream().map(Split::name)
                        .collect(Collectors.joining(", "))));
    }

    static String cacheName(DataFile f) {
        return f.contentKey() + DataFormat.suffix(f.path());
    }

    private static String splitKey(Split s) {
        return s.files().stream().map(DatasetViewer::cacheName).collect(Collectors.joining(","));
    }

    @FunctionalInterface
    interface SplitWork<T> {
        T run(SplitTable table, java.sql.Connection connection) throws SQLException;
    }

    /**
     * Checks the split's sizes, has its files copied locally (pinned while the work runs) and runs the work on a
     * DuckDB connection; turns what can go wrong into answers a client can act on.
     */
    private <T> T onSplit(Repo repo, String commit, Split s, long waitMillis, SplitWork<T> work) {
        DuckDbEngine engine = engine();
        if (s.files().size() > config.maxFilesPerSplit()) {
            throw new ApiException(413, "split_too_large", "split '" + s.name() + "' has " + s.files().size()
                    + " files; the viewer reads at most " + config.maxFilesPerSplit());
        }
        for (DataFile f : s.files()) {
            if (f.size() > config.maxFileBytes()) {
                throw new ApiException(413, "file_too_large", "'" + f.path() + "' has " + f.size()
                        + " bytes; the viewer reads files of at most " + config.maxFileBytes() + " bytes",
                        Map.of("file", f.path()));
            }
        }
        if (s.bytes() > config.cacheMaxBytes() / 2) {
            throw new ApiException(413, "split_too_large", "split '" + s.name() + "' has " + s.bytes()
                    + " bytes; the viewer reads splits of at most " + config.cacheMaxBytes() / 2 + " bytes");
        }
        List<FileCache.Want> wants = s.files().stream().map(f -> new FileCache.Want(cacheName(f), f.size(),
                () -> f.lfs() != null ? lfs.open(f.lfs().oid(), 0, -1) : content.open(repo, commit, f.path())))
                .toList();
        long started = System.currentTimeMillis();
        try (FileCache.Lease lease = cache.acquire(wants, waitMillis)) {
            List<SplitTable.File> files = new ArrayList<>();
            for (DataFile f : s.files()) {
                files.add(new SplitTable.File(lease.path(cacheName(f)), f.path(), f.format()));
            }
            SplitTable table = new SplitTable(files);
            long queryStart = System.currentTimeMillis();
            try {
                return engine.run(Math.max(1000, waitMillis - (queryStart - started)),
                        c -> work.run(table, c));
            } catch (SQLException e) {
                throw failure(table, e, System.currentTimeMillis() - queryStart);
            }
        } catch (FileCache.NotReady e) {
            throw new ApiException(503, "viewer_preparing", "the files of split '" + s.name() + "' are being "
                    + "prepared for the viewer (" + e.getMessage() + "); retry shortly").withHeader("Retry-After", "5");
        } catch (DuckDbEngine.Busy e) {
            throw new ApiException(503, "viewer_busy", "the dataset viewer is busy; retry shortly")
                    .withHeader("Retry-After", "2");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "viewer_busy", "interrupted");
        } catch (IOException e) {
            LOG.warn("could not copy a file of {} split {}: {}", repo.path(), s.name(), e.toString());
            throw new ApiException(503, "viewer_storage", "could not read the files of split '" + s.name()
                    + "' from storage: " + e.getMessage());
        }
    }

    private ApiException failure(SplitTable table, SQLException e, long elapsedMillis) {
        String raw = e.getMessage() == null ? e.toString() : e.getMessage();
        String reason = table.explain(raw).lines().findFirst().orElse("").strip();
        if (raw.contains("INTERRUPT") || raw.contains("Interrupted")
                || elapsedMillis >= config.queryTimeoutSeconds() * 1000L) {
            return new ApiException(504, "viewer_timeout", "the query took longer than "
                    + config.queryTimeoutSeconds() + " s and was cancelled; narrow the filter or page closer to the "
                    + "start");
        }
        if (raw.contains("Out of Memory")) {
            return new ApiException(413, "viewer_out_of_memory", "the query needs more memory than the viewer "
                    + "has (" + config.memoryLimit() + "): " + reason);
        }
        String file = table.fileIn(raw);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason);
        if (file != null) {
            details.put("file", file);
        }
        return new ApiException(422, "malformed_file", (file != null ? "'" + file + "'" : "a file of this split")
                + " cannot be read as " + (file != null ? DataFormat.of(file).map(Enum::name).orElse("data")
                : "data") + ": " + reason, details);
    }
}
