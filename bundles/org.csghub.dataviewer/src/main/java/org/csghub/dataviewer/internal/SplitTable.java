package org.csghub.dataviewer.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one split as a DuckDB relation: one reader per format over the local copies
 * ({@code read_parquet([...], union_by_name = true)}, ...), several formats joined with {@code UNION ALL BY NAME}.
 * The file names in the SQL are the cache's (hex content addresses under the configured directory), never a
 * request's.
 */
final class SplitTable {

    /** One local file and the repository path it stands for. */
    record File(Path local, String repoPath, DataFormat format) {
    }

    private final String from;
    private final Map<String, String> repoPaths = new LinkedHashMap<>();

    SplitTable(List<File> files) {
        Map<DataFormat, List<File>> byFormat = new LinkedHashMap<>();
        for (File f : files) {
            byFormat.computeIfAbsent(f.format(), k -> new ArrayList<>()).add(f);
            repoPaths.put(f.local().toString(), f.repoPath());
        }
        List<String> readers = new ArrayList<>();
        for (Map.Entry<DataFormat, List<File>> e : byFormat.entrySet()) {
            StringBuilder sb = new StringBuilder(e.getKey().reader()).append("([");
            for (int i = 0; i < e.getValue().size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(DuckDbEngine.literal(e.getValue().get(i).local().toString()));
            }
            sb.append("], union_by_name = true");
            if (e.getKey() == DataFormat.TSV) {
                sb.append(", delim = '\\t'");
            }
            readers.add(sb.append(")").toString());
        }
        this.from = readers.size() == 1 ? readers.get(0)
                : "(" + String.join(" UNION ALL BY NAME ", readers.stream().map(r -> "SELECT * FROM " + r).toList()) + ")";
    }

    /** The relation, for a FROM clause. */
    String from() {
        return from;
    }

    /** The columns, as DESCRIBE gives them. */
    List<Column> describe(Connection c, int timeoutSeconds) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout(timeoutSeconds);
            List<Column> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + from)) {
                while (rs.next()) {
                    out.add(new Column(rs.getString("column_name"), rs.getString("column_type")));
                }
            }
            return out;
        }
    }

    long count(Connection c, RowFilter.Where where, int timeoutSeconds) throws SQLException {
        String sql = "SELECT count(*) FROM " + from + (where.sql().isEmpty() ? "" : " WHERE " + where.sql());
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setQueryTimeout(timeoutSeconds);
            bind(st, where.params(), 1);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Takes one row of a page; false stops reading. */
    @FunctionalInterface
    interface RowSink {
        boolean accept(ResultSet row) throws SQLException;
    }

    /**
     * Runs a page query and hands each row to the sink; every value is already bounded by DuckDB (see
     * {@link Cells#projection}) so that a huge cell never crosses JNI whole.
     */
    void rows(Connection c, List<Column> columns, RowFilter.Where where, String orderBy, long offset, int limit,
              int maxCellChars, int timeoutSeconds, RowSink row) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(Cells.projection(columns.get(i), i, maxCellChars));
        }
        if (columns.isEmpty()) {
            sql.append("1");
        }
        sql.append(" FROM ").append(from);
        if (!where.sql().isEmpty()) {
            sql.append(" WHERE ").append(where.sql());
        }
        if (!orderBy.isEmpty()) {
            sql.append(" ORDER BY ").append(orderBy);
        }
        sql.append(" LIMIT ? OFFSET ?");
        try (PreparedStatement st = c.prepareStatement(sql.toString())) {
            st.setQueryTimeout(timeoutSeconds);
            int next = bind(st, where.params(), 1);
            st.setLong(next, limit);
            st.setLong(next + 1, offset);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next() && row.accept(rs)) {
                    // the sink keeps what it takes
                }
            }
        }
    }

    private static int bind(PreparedStatement st, List<Object> params, int first) throws SQLException {
        int i = first;
        for (Object p : params) {
            st.setObject(i++, p);
        }
        return i;
    }

    /** DuckDB's message with the cache's file names replaced by the repository paths they stand for. */
    String explain(String message) {
        String m = message == null ? "" : message;
        for (Map.Entry<String, String> e : repoPaths.entrySet()) {
            m = m.replace(e.getKey(), e.getValue());
        }
        return m;
    }

    /** The repository file a DuckDB message names, if it names one (or the only file of the split). */
    String fileIn(String message) {
        if (repoPaths.size() == 1) {
            return repoPaths.values().iterator().next();
        }
        String m = message == null ? "" : message;
        for (Map.Entry<String, String> e : repoPaths.entrySet()) {
            if (m.contains(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }
}
