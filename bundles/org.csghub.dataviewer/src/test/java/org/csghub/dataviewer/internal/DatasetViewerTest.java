package org.csghub.dataviewer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.csghub.repo.internal.DefaultCardReader;
import org.csghub.rest.ApiException;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The viewer over fixtures DuckDB writes itself, in a fake one-commit repository. */
class DatasetViewerTest {

    @TempDir
    static Path fixtures;
    @TempDir
    Path cache;

    private DatasetViewer viewer;

    /** DuckDB writing the fixtures: Parquet with every kind of column, CSV, JSONL, and broken files. */
    @BeforeAll
    static void writeFixtures() throws Exception {
        try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                Statement st = c.createStatement()) {
            st.execute("COPY (SELECT i AS id, 'name-' || i AS name, (i * 1.5)::DOUBLE AS score, "
                    + "CAST(i / 4 AS DECIMAL(10,2)) AS price, i % 2 = 0 AS even, DATE '2024-01-01' + i::INTEGER AS day, "
                    + "[i, i + 1] AS pair, {'a': i, 'b': 'x'} AS obj, CASE WHEN i = 3 THEN NULL ELSE 'tag' END AS maybe, "
                    + "repeat('z', 10000) AS long_text, 'abc'::BLOB AS bin, 18446744073709551615::UBIGINT AS huge, "
                    + "'NaN'::DOUBLE AS nan FROM range(1000) t(i)) TO '" + fixtures.resolve("train.parquet")
                    + "' (FORMAT parquet)");
            st.execute("COPY (SELECT i AS id, 'test-' || i AS name FROM range(10) t(i)) TO '"
                    + fixtures.resolve("test.parquet") + "' (FORMAT parquet)");
            st.execute("COPY (SELECT i AS id, 'csv-' || i AS name FROM range(50) t(i)) TO '"
                    + fixtures.resolve("a.csv") + "' (FORMAT csv, HEADER)");
            st.execute("COPY (SELECT 50 + i AS id, 'csv-' || (50 + i) AS name, i AS extra FROM range(25) t(i)) TO '"
                    + fixtures.resolve("b.csv") + "' (FORMAT csv, HEADER)");
            st.execute("COPY (SELECT i AS id, 'line ' || i AS text, [i] AS ids FROM range(30) t(i)) TO '"
                    + fixtures.resolve("rows.jsonl") + "' (FORMAT json)");
        }
        Files.write(fixtures.resolve("broken.parquet"), "this is not parquet at all".getBytes(StandardCharsets.UTF_8));
        Files.writeString(fixtures.resolve("broken.jsonl"), "{\"id\": 1}\n{\"id\": 2, oops\n");
    }

    private DatasetViewer viewer(FakeRepo repo, Map<String, Object> overrides) throws Exception {
        viewer = new DatasetViewer(repo, repo, new DefaultCardReader(), FakeRepo.config(cache, overrides), null);
        return viewer;
    }

    @AfterEach
    void close() {
        if (viewer != null) {
            viewer.deactivate();
        }
    }

    private static FakeRepo layoutRepo() {
        FakeRepo repo = new FakeRepo();
        repo.addLfs("data/train.parquet", fixtures.resolve("train.parquet"));
        repo.add("data/test.parquet", fixtures.resolve("test.parquet"));
        return repo;
    }

    @Test
    void splitsSchemaAndRowsFromTheFileLayout() throws Exception {
        FakeRepo repo = layoutRepo();
        DatasetViewer v = viewer(repo, Map.of());
        Views.Splits splits = v.splits(repo.repo, null);
        assertThat(splits.source()).isEqualTo("files");
        assertThat(splits.commit()).isEqualTo(FakeRepo.COMMIT);
        assertThat(splits.configs()).singleElement().satisfies(c -> {
            assertThat(c.config()).isEqualTo("default");
            assertThat(c.splits()).extracting(Views.SplitView::split).containsExactly("train", "test");
            assertThat(c.splits().get(0).files()).singleElement()
                    .satisfies(f -> assertThat(f.lfs()).isTrue());
            assertThat(c.splits().get(0).numRows()).isNull(); // nothing copied yet: not cheap
        });

        Views.Schema schema = v.schema(repo.repo, "main", null, "train");
        assertThat(schema.columns()).extracting(Column::name).containsExactly("id", "name", "score", "price", "even",
                "day", "pair", "obj", "maybe", "long_text", "bin", "huge", "nan");
        assertThat(schema.columns()).extracting(Column::type).contains("BIGINT", "VARCHAR", "BIGINT[]", "BLOB",
                "UBIGINT", "DATE", "DECIMAL(10,2)");

        Views.Rows page = v.rows(repo.repo, null, "default", "train", 10, 3, null, null);
        assertThat(page.total()).isEqualTo(1000);
        assertThat(page.offset()).isEqualTo(10);
        assertThat(page.rows()).extracting(Views.Row::rowIdx).containsExactly(10L, 11L, 12L);
        Map<String, Object> row = page.rows().get(0).row();
        assertThat(row.get("id")).isEqualTo(10L);
        assertThat(row.get("name")).isEqualTo("name-10");
        assertThat(row.get("score")).isEqualTo(15.0);
        assertThat(row.get("price")).isEqualTo("2.50"); // decimals as strings
        assertThat(row.get("even")).isEqualTo(true);
        assertThat(row.get("day")).isEqualTo("2024-01-11");
        assertThat(row.get("pair")).isInstanceOfSatisfying(JsonNode.class, n -> assertThat(n.toString())
                .isEqualTo("[10,11]"));
        assertThat(row.get("obj")).isInstanceOfSatisfying(JsonNode.class, n -> assertThat(n.toString())
                .isEqualTo("{\"a\":10,\"b\":\"x\"}"));
        assertThat(row.get("bin")).isEqualTo("YWJj"); // base64
        assertThat(row.get("huge")).isEqualTo("18446744073709551615");
        assertThat(row.get("nan")).isEqualTo("NaN");
        assertThat((String) row.get("long_text")).hasSize(4096);
        assertThat(page.rows().get(0).truncatedCells()).containsExactly("long_text");
        assertThat(page.truncated()).isTrue();

        // now the split is local: its row count is cheap
        assertThat(v.splits(repo.repo, null).configs().get(0).splits().get(0).numRows()).isEqualTo(1000L);
    }

    @Test
    void filterSortAndPage() throws Exception {
        FakeRepo repo = layoutRepo();
        DatasetViewer v = viewer(repo, Map.of());
        Views.Rows r = v.rows(repo.repo, null, null, "train", 0, 5, "id >= 100 and id < 200 and name contains '5'",
                "id desc");
        // ids 100..199 with a 5 in them: 105, 115, ..., 195 and 150..159 -> 19
        assertThat(r.total()).isEqualTo(19);
        assertThat(r.rows()).extracting(x -> x.row().get("id")).containsExactly(195L, 185L, 175L, 165L, 159L);
        Views.Rows next = v.rows(repo.repo, null, null, "train", 5, 5, "id >= 100 and id < 200 and name contains '5'",
                "id desc");
        assertThat(next.rows()).extracting(x -> x.row().get("id")).containsExactly(158L, 157L, 156L, 155L, 154L);

        assertThat(v.rows(repo.repo, null, null, "train", 0, 1, "maybe = null", null).total()).isEqualTo(1);
        assertThat(v.rows(repo.repo, null, null, "train", 0, 1, "even = false", null).total()).isEqualTo(500);
        assertThat(v.rows(repo.repo, null, null, "train", 0, 1, "price > 249.5", null).total()).isEqualTo(1);
        assertThat(v.rows(repo.repo, null, null, "train", 0, 1, "price >= 249", null).total()).isEqualTo(4);
        assertThat(v.rows(repo.repo, null, null, "train", 0, 1, "score > 1497", null).total()).isEqualTo(1);
        assertThat(v.rows(repo.repo, null, null, "train", 0, 1, "day >= 2026-09-26", null).total()).isEqualTo(1);
        assertThat(v.rows(repo.repo, null, null, "train", 0, 1, "pair contains '998'", null).total()).isEqualTo(2);
        assertThat(v.rows(repo.repo, null, null, "train", 0, 2, null, "even desc, id desc").rows())
                .extracting(x -> x.row().get("id")).containsExactly(998L, 996L);

        assertThatThrownBy(() -> v.rows(repo.repo, null, null, "train", 0, 5, "nosuch = 1", null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> v.rows(repo.repo, null, null, "train", 0, 5, "id = 1; DROP TABLE x", null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> v.rows(repo.repo, null, null, "train", 0, 101, null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_limit"));
        assertThatThrownBy(() -> v.rows(repo.repo, null, null, "nosuch", 0, 5, null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("splits: train, test");
                });
        assertThatThrownBy(() -> v.rows(repo.repo, null, "other", null, 0, 5, null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("config_not_found"));
    }

    @Test
    void cardConfigsCsvUnionByNameAndJsonl() throws Exception {
        FakeRepo repo = new FakeRepo();
        Path readme = fixtures.resolve("README-card.md");
        Files.writeString(readme, """
                ---
                license: mit
                configs:
                - config_name: tables
                  data_files:
                  - split: train
                    path: "csv/*.csv"
                - config_name: lines
                  data_files: "*.jsonl"
                - config_name: just-b
                  data_files: csv/b.csv
                ---
                # A dataset
                """);
        repo.add("README.md", readme);
        repo.add("csv/a.csv", fixtures.resolve("a.csv"));
        repo.add("csv/b.csv", fixtures.resolve("b.csv"));
        repo.add("rows.jsonl", fixtures.resolve("rows.jsonl"));
        DatasetViewer v = viewer(repo, Map.of());
        Views.Splits s = v.splits(repo.repo, null);
        assertThat(s.source()).isEqualTo("card");
        assertThat(s.configs()).extracting(Views.ConfigView::config).containsExactly("tables", "lines", "just-b");

        // b.csv is local now, a.csv not yet: the split still reads a then b
        assertThat(v.rows(repo.repo, null, "just-b", null, 0, 1, null, null).total()).isEqualTo(25);
        Views.Rows csv = v.rows(repo.repo, null, "tables", "train", 48, 4, null, null);
        assertThat(csv.total()).isEqualTo(75);
        assertThat(csv.columns()).extracting(Column::name).containsExactly("id", "name", "extra");
        assertThat(csv.rows()).extracting(r -> r.row().get("extra")).containsExactly(null, null, 0L, 1L);
        assertThat(csv.rows()).extracting(r -> r.row().get("id")).containsExactly(48L, 49L, 50L, 51L);

        Views.Rows lines = v.rows(repo.repo, null, "lines", null, 0, 2, "text contains 'LINE 2'", "id");
        assertThat(lines.total()).isEqualTo(11); // 2, 20..29
        assertThat(lines.rows().get(0).row()).containsEntry("id", 2L).containsEntry("text", "line 2");
    }

    @Test
    void aMalformedFileIsA422NamingIt() throws Exception {
        FakeRepo repo = new FakeRepo();
        repo.add("train.parquet", fixtures.resolve("broken.parquet"));
        repo.add("test.jsonl", fixtures.resolve("broken.jsonl"));
        repo.add("validation.parquet", fixtures.resolve("test.parquet"));
        DatasetViewer v = viewer(repo, Map.of());
        assertThat(v.splits(repo.repo, null).configs().get(0).splits()).extracting(Views.SplitView::split)
                .containsExactly("train", "validation");
        assertThatThrownBy(() -> v.schema(repo.repo, null, null, "train")).isInstanceOfSatisfying(ApiException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("malformed_file");
                    assertThat(e.getMessage()).startsWith("'train.parquet' cannot be read as PARQUET: ");
                    assertThat(e.getMessage()).doesNotContain(cache.toString());
                    assertThat(e.details()).containsEntry("file", "train.parquet");
                });
        // the other split is fine
        assertThat(v.rows(repo.repo, null, null, "validation", 0, 3, null, null).total()).isEqualTo(10);

        FakeRepo lines = new FakeRepo();
        lines.add("data.jsonl", fixtures.resolve("broken.jsonl"));
        DatasetViewer v2 = viewer(lines, Map.of());
        assertThatThrownBy(() -> v2.rows(lines.repo, null, null, null, 0, 3, null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("'data.jsonl'");
                });
    }

    @Test
    void limitsAnswer413AndBoundTheResponse() throws Exception {
        FakeRepo repo = layoutRepo();
        DatasetViewer small = viewer(repo, Map.of("maxFileBytes", 1000L));
        assertThatThrownBy(() -> small.rows(repo.repo, null, null, "train", 0, 3, null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.getMessage()).contains("data/train.parquet");
                });
        small.deactivate();

        DatasetViewer bounded = viewer(repo, Map.of("maxResponseChars", 20_000, "maxCellChars", 100));
        Views.Rows r = bounded.rows(repo.repo, null, null, "train", 0, 100, null, null);
        assertThat(r.rows().size()).isBetween(1, 99);
        assertThat(r.truncated()).isTrue();
        assertThat(r.rows().get(0).row().get("bin")).isEqualTo("YWJj");
        assertThat((String) r.rows().get(0).row().get("long_text")).hasSize(100);
    }

    @Test
    void copiesAreContentAddressedAndShared() throws Exception {
        FakeRepo repo = layoutRepo();
        DatasetViewer v = viewer(repo, Map.of());
        v.rows(repo.repo, null, null, "train", 0, 1, null, null);
        v.rows(repo.repo, null, null, "train", 1, 1, "id > 3", null);
        v.schema(repo.repo, null, null, "train");
        assertThat(repo.opens.get()).isEqualTo(1); // one copy, read three times
        try (var files = Files.list(cache.resolve("files"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .singleElement().satisfies(n -> assertThat(n).startsWith("l").endsWith(".parquet"));
        }
    }

    @Test
    void duckDbIsConfinedToTheCacheAndQueriesTimeOut() throws Exception {
        Path spill = cache.resolve("spill");
        Files.createDirectories(cache.resolve("files"));
        Files.createDirectories(spill);
        try (DuckDbEngine e = new DuckDbEngine(new DuckDbEngine.Settings(cache.resolve("files"), spill, "256MB", 1,
                2))) {
            assertThatThrownBy(() -> e.run(1000, c -> {
                try (Statement st = c.createStatement()) {
                    return st.executeQuery("SELECT * FROM read_csv_auto('" + fixtures.resolve("a.csv") + "')").next();
                }
            })).isInstanceOf(SQLException.class).hasMessageContaining("Permission Error");
            assertThatThrownBy(() -> e.run(1000, c -> {
                try (Statement st = c.createStatement()) {
                    return st.execute("SET enable_external_access = true");
                }
            })).isInstanceOf(SQLException.class);
            long start = System.currentTimeMillis();
            assertThatThrownBy(() -> e.run(1000, c -> {
                try (Statement st = c.createStatement()) {
                    st.setQueryTimeout(1);
                    return st.executeQuery("SELECT sum(a.i * b.i) FROM range(1000000) a(i), range(1000000) b(i)")
                            .next();
                }
            })).isInstanceOf(SQLException.class).hasMessageContaining("INTERRUPT");
            assertThat(System.currentTimeMillis() - start).isLessThan(10_000);
        }
    }
}
