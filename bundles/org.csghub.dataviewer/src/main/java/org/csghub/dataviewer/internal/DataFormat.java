package org.csghub.dataviewer.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * The tabular formats the viewer reads, by file name. Each has one DuckDB reader; CSV and TSV are separate
 * because DuckDB sniffs the dialect of a multi-file read from its first file.
 */
enum DataFormat {
    PARQUET("read_parquet", ".parquet"),
    CSV("read_csv_auto", ".csv", ".csv.gz"),
    TSV("read_csv_auto", ".tsv", ".tsv.gz"),
    JSON("read_json_auto", ".jsonl", ".jsonl.gz", ".json", ".json.gz", ".ndjson");

    private final String reader;
    private final String[] suffixes;

    DataFormat(String reader, String... suffixes) {
        this.reader = reader;
        this.suffixes = suffixes;
    }

    /** The DuckDB table function that reads a list of such files. */
    String reader() {
        return reader;
    }

    /** The format of a path, by its (lower-cased) suffix; empty for anything else. */
    static Optional<DataFormat> of(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        for (DataFormat f : values()) {
            for (String s : f.suffixes) {
                if (p.endsWith(s)) {
                    return Optional.of(f);
                }
            }
        }
        return Optional.empty();
    }

    /** The suffix the local copy keeps, so DuckDB sees the compression ({@code .gz}) too. */
    static String suffix(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        for (DataFormat f : values()) {
            for (String s : f.suffixes) {
                if (p.endsWith(s)) {
                    return s;
                }
            }
        }
        return "";
    }

    /** Parquet first, then CSV, TSV, JSON: the tie-break when a layout has as many files of two formats. */
    int preference() {
        return ordinal();
    }
}
