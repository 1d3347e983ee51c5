package org.csghub.dataviewer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.csghub.dataviewer.internal.Layout.Config;
import org.csghub.dataviewer.internal.Layout.DataFile;
import org.csghub.dataviewer.internal.Layout.Split;
import org.csghub.repo.internal.DefaultCardReader;
import org.junit.jupiter.api.Test;

class SplitDiscoveryTest {

    static List<DataFile> files(String... paths) {
        return Arrays.stream(paths).map(p -> new DataFile(p, DataFormat.of(p).orElseThrow(), 10, "0".repeat(40), null))
                .toList();
    }

    static Map<String, List<String>> splits(Config c) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        for (Split s : c.splits()) {
            out.put(s.name(), s.files().stream().map(DataFile::path).toList());
        }
        return out;
    }

    @Test
    void formats() {
        assertThat(DataFormat.of("a/b.PARQUET")).contains(DataFormat.PARQUET);
        assertThat(DataFormat.of("x.csv.gz")).contains(DataFormat.CSV);
        assertThat(DataFormat.of("x.tsv")).contains(DataFormat.TSV);
        assertThat(DataFormat.of("x.jsonl")).contains(DataFormat.JSON);
        assertThat(DataFormat.of("x.json")).contains(DataFormat.JSON);
        assertThat(DataFormat.of("README.md")).isEmpty();
        assertThat(DataFormat.of("model.safetensors")).isEmpty();
        assertThat(DataFormat.suffix("x.jsonl.gz")).isEqualTo(".jsonl.gz");
    }

    @Test
    void everythingIsTrainWithoutSplitNames() {
        var r = SplitDiscovery.discover(files("data.csv", "more/part2.csv"), Map.of());
        assertThat(r.source()).isEqualTo("files");
        assertThat(r.configs()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("default");
            assertThat(splits(c)).containsExactly(Map.entry("train", List.of("data.csv", "more/part2.csv")));
        });
    }

    @Test
    void splitsFromFileNames() {
        var r = SplitDiscovery.discover(files("test.jsonl", "train-00.jsonl", "my_valid_1.jsonl", "notes.jsonl"),
                Map.of());
        // files that name no split are left out once some do (as in datasets)
        assertThat(splits(r.configs().get(0))).containsExactly(
                Map.entry("train", List.of("train-00.jsonl")),
                Map.entry("validation", List.of("my_valid_1.jsonl")),
                Map.entry("test", List.of("test.jsonl")));
    }

    @Test
    void directoriesWinOverFileNames() {
        var r = SplitDiscovery.discover(files("data/train/test_part.parquet", "data/train/b.parquet",
                "data/dev/a.parquet", "data/testing-2/x.parquet"), Map.of());
        assertThat(splits(r.configs().get(0))).containsExactly(
                Map.entry("train", List.of("data/train/b.parquet", "data/train/test_part.parquet")),
                Map.entry("validation", List.of("data/dev/a.parquet")),
                Map.entry("test", List.of("data/testing-2/x.parquet")));
    }

    @Test
    void keywordsAreWholeTokens() {
        // "contest" and "trainer" contain keywords but are not them
        var r = SplitDiscovery.discover(files("contest.csv", "trainer.csv"), Map.of());
        assertThat(splits(r.configs().get(0))).containsOnlyKeys("train");
        assertThat(splits(r.configs().get(0)).get("train")).hasSize(2);
    }

    @Test
    void shardedParquetExportNamesAnySplit() {
        var r = SplitDiscovery.discover(files("data/train-00000-of-00002.parquet",
                "data/train-00001-of-00002.parquet", "data/extra_eval-00000-of-00001.parquet"), Map.of());
        assertThat(splits(r.configs().get(0))).containsExactly(
                Map.entry("train", List.of("data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet")),
                Map.entry("extra_eval", List.of("data/extra_eval-00000-of-00001.parquet")));
    }

    @Test
    void theMostCommonFormatWins() {
        var r = SplitDiscovery.discover(files("train.csv", "test.csv", "converted/train.parquet"), Map.of());
        assertThat(splits(r.configs().get(0))).containsExactly(
                Map.entry("train", List.of("train.csv")), Map.entry("test", List.of("test.csv")));
        // a tie goes to parquet
        var tie = SplitDiscovery.discover(files("a.csv", "b.parquet"), Map.of());
        assertThat(splits(tie.configs().get(0))).containsExactly(Map.entry("train", List.of("b.parquet")));
    }

    @Test
    void cardConfigsWithSplitsAndGlobs() {
        Map<String, Object> card = Map.of("configs", List.of(
                Map.of("config_name", "en", "data_files", List.of(
                        Map.of("split", "train", "path", "en/train-*"),
                        Map.of("split", "test", "path", List.of("en/test.csv", "en/extra/**/*.csv")))),
                Map.of("config_name", "fr", "data_files", "fr/*.jsonl", "default", true),
                Map.of("config_name", "nothing", "data_files", "missing/*.csv")));
        var r = SplitDiscovery.discover(files("en/train-0.csv", "en/train-1.csv", "en/sub/train-2.csv", "en/test.csv",
                "en/extra/a/b/c.csv", "en/extra/d.csv", "fr/a.jsonl", "fr/deeper/b.jsonl"), card);
        assertThat(r.source()).isEqualTo("card");
        // the default config comes first; a config that matches nothing is left out
        assertThat(r.configs()).extracting(Config::name).containsExactly("fr", "en");
        assertThat(splits(r.configs().get(0))).containsExactly(Map.entry("train", List.of("fr/a.jsonl")));
        assertThat(splits(r.configs().get(1))).containsExactly(
                Map.entry("train", List.of("en/train-0.csv", "en/train-1.csv")),
                Map.entry("test", List.of("en/test.csv", "en/extra/a/b/c.csv", "en/extra/d.csv")));
    }

    @Test
    void cardDataDirUsesTheLayoutInside() {
        Map<String, Object> card = Map.of("configs", List.of(Map.of("config_name", "small", "data_dir", "small")));
        var r = SplitDiscovery.discover(files("small/train.csv", "small/test.csv", "big/train.csv"), card);
        assertThat(r.configs()).singleElement().satisfies(c -> assertThat(splits(c)).containsExactly(
                Map.entry("train", List.of("small/train.csv")), Map.entry("test", List.of("small/test.csv"))));
    }

    @Test
    void cardWithoutUsableConfigsFallsBackToLayout() {
        var r = SplitDiscovery.discover(files("train.csv"), Map.of("configs", "nonsense", "license", "mit"));
        assertThat(r.source()).isEqualTo("files");
        assertThat(new DefaultCardReader().frontMatter("---\nconfigs:\n- config_name: a\n  data_files:\n  - split: train\n"
                + "    path: x/*.csv\n---\n# Title\n")).containsKey("configs");
        assertThat(new DefaultCardReader().frontMatter("no front matter")).isEmpty();
        assertThat(new DefaultCardReader().frontMatter("---\n: : broken [\n---\n")).isEmpty();
    }

    @Test
    void globs() {
        assertThat(SplitDiscovery.glob("data/*.csv").matcher("data/a.csv").matches()).isTrue();
        assertThat(SplitDiscovery.glob("data/*.csv").matcher("data/x/a.csv").matches()).isFalse();
        assertThat(SplitDiscovery.glob("data/**/*.csv").matcher("data/a.csv").matches()).isTrue();
        assertThat(SplitDiscovery.glob("data/**/*.csv").matcher("data/x/y/a.csv").matches()).isTrue();
        assertThat(SplitDiscovery.glob("./d?ta/[ab].csv").matcher("data/b.csv").matches()).isTrue();
        assertThat(SplitDiscovery.glob("data/[!ab].csv").matcher("data/a.csv").matches()).isFalse();
        assertThat(SplitDiscovery.glob("a+b(c).csv").matcher("a+b(c).csv").matches()).isTrue();
        assertThat(SplitDiscovery.glob("**").matcher("any/thing.csv").matches()).isTrue();
    }

    @Test
    void hiddenPathsAreNotData() {
        assertThat(DatasetViewer.hidden(".cache/x.csv")).isTrue();
        assertThat(DatasetViewer.hidden("a/__pycache__/x.json")).isTrue();
        assertThat(DatasetViewer.hidden("data/x.csv")).isFalse();
    }
}
