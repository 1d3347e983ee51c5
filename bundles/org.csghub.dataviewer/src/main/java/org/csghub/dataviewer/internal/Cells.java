package org.csghub.dataviewer.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;

/**
 * Values out of DuckDB and into JSON. Each column is projected so that DuckDB itself bounds what crosses JNI:
 * text (and everything DuckDB renders as text: decimals, big integers, dates, times, UUIDs, intervals) is cut to
 * {@code max + 1} characters, nested values are rendered with {@code to_json} and cut the same way, and a BLOB comes
 * only when its base64 fits. The extra character tells a cut value from one that is exactly {@code max} long.
 */
final class Cells {

    /** One cell: its JSON value, whether it was cut (or left out), and about how many JSON characters it takes. */
    record Cell(Object value, boolean truncated, int chars) {
    }

    private final ObjectMapper json = new ObjectMapper();

    /** The SELECT item(s) of column {@code i}: {@code c<i>}, and {@code n<i>} (the byte length) for BLOBs. */
    static String projection(Column c, int i, int max) {
        String col = c.sql();
        return switch (c.kind()) {
            case BOOLEAN, INTEGER, FLOAT -> col + " AS c" + i;
            case TEXT -> "left(CAST(" + col + " AS VARCHAR), " + (max + 1) + ") AS c" + i;
            case NESTED -> "left(CAST(to_json(" + col + ") AS VARCHAR), " + (max + 1) + ") AS c" + i;
            case BLOB -> "CASE WHEN octet_length(" + col + ") <= " + maxBlobBytes(max) + " THEN " + col
                    + " END AS c" + i + ", octet_length(" + col + ") AS n" + i;
        };
    }

    static long maxBlobBytes(int maxChars) {
        return maxChars / 4L * 3;
    }

    Cell read(ResultSet rs, Column c, int i, int max) throws SQLException {
        String label = "c" + i;
        switch (c.kind()) {
            case BOOLEAN -> {
                boolean b = rs.getBoolean(label);
                return rs.wasNull() ? nullCell() : new Cell(b, false, 5);
            }
            case INTEGER -> {
                long v = rs.getLong(label);
                return rs.wasNull() ? nullCell() : new Cell(v, false, 20);
            }
            case FLOAT -> {
                double d = rs.getDouble(label);
                if (rs.wasNull()) {
                    return nullCell();
                }
                // JSON has no NaN or infinities
                return Double.isFinite(d) ? new Cell(d, false, 24) : new Cell(Double.toString(d), false, 12);
            }
            case TEXT -> {
                String s = rs.getString(label);
                if (s == null) {
                    return nullCell();
                }
                boolean cut = s.length() > max;
                String v = cut ? s.substring(0, max) : s;
                return new Cell(v, cut, v.length() + 2);
            }
            case NESTED -> {
                String s = rs.getString(label);
                if (s == null) {
                    return nullCell();
                }
                if (s.length() > max) {
                    // cut JSON is not JSON: the text prefix, marked as cut
                    return new Cell(s.substring(0, max), true, max + 2);
                }
                try {
                    return new Cell(json.readTree(s), false, s.length());
                } catch (JsonProcessingException e) {
                    return new Cell(s, false, s.length() + 2);
                }
            }
            case BLOB -> {
                long n = rs.getLong("n" + i);
                if (rs.wasNull()) {
                    return nullCell();
                }
                byte[] bytes = rs.getBytes(label);
                if (bytes == null || n > maxBlobBytes(max)) {
                    return new Cell(null, true, 4); // too large: left out
                }
                String b64 = Base64.getEncoder().encodeToString(bytes);
                return new Cell(b64, false, b64.length() + 2);
            }
            default -> throw new IllegalStateException(c.kind().toString());
        }
    }

    private static Cell nullCell() {
        return new Cell(null, false, 4);
    }
}
