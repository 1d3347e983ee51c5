package org.csghub.dataviewer.internal;

import java.util.List;
import java.util.Map;

/** What the viewer's REST routes answer. */
final class Views {

    private Views() {
    }

    /**
     * @param source {@code card} (the README's {@code configs:}) or {@code files} (the file layout)
     * @param partial the repository has more entries than the viewer looked at
     */
    record Splits(String commit, String source, boolean partial, List<ConfigView> configs) {
    }

    record ConfigView(String config, List<SplitView> splits) {
    }

    /** @param numRows the row count when it is known or cheap (Parquet files already copied), else null */
    record SplitView(String split, int numFiles, long numBytes, Long numRows, List<FileView> files) {
    }

    record FileView(String path, String format, long size, boolean lfs) {
    }

    record Schema(String commit, String config, String split, List<Column> columns, Long numRows) {
    }

    /**
     * @param total the rows that match {@code where}
     * @param truncated some cell was cut, or rows were left out to keep the answer small
     */
    record Rows(String commit, String config, String split, List<Column> columns, List<Row> rows, long offset,
                int limit, long total, boolean truncated) {
    }

    /** @param truncatedCells the columns whose value was cut (or, for large BLOBs, left out) */
    record Row(long rowIdx, Map<String, Object> row, List<String> truncatedCells) {
    }
}
