package org.csghub.dataviewer.internal;

import java.util.Locale;
import java.util.Set;

/** A column as DuckDB describes it: its name and its type ({@code BIGINT}, {@code DECIMAL(10,2)}, {@code VARCHAR[]}). */
record Column(String name, String type) {

    /** How a value of a type leaves DuckDB and goes into JSON. */
    enum Kind {
        /** JDBC gives a Boolean */
        BOOLEAN,
        /** JDBC gives a Byte/Short/Integer/Long: a JSON number */
        INTEGER,
        /** JDBC gives a Float/Double: a JSON number, or a string for NaN and infinities */
        FLOAT,
        /** DuckDB renders it as text (VARCHAR itself, decimals, big integers, dates, UUIDs, ...): a JSON string */
        TEXT,
        /** bytes: base64 */
        BLOB,
        /** LIST, ARRAY, STRUCT, MAP, UNION, JSON: DuckDB's to_json, then JSON */
        NESTED
    }

    private static final Set<String> INTEGERS = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT",
            "USMALLINT", "UINTEGER");
    private static final Set<String> NUMERIC_TEXT = Set.of("UBIGINT", "HUGEINT", "UHUGEINT");

    Kind kind() {
        String t = type.toUpperCase(Locale.ROOT).strip();
        if (t.endsWith("]") || t.startsWith("STRUCT(") || t.startsWith("MAP(") || t.startsWith("UNION(")
                || t.equals("JSON")) {
            return Kind.NESTED;
        }
        if (t.equals("BOOLEAN")) {
            return Kind.BOOLEAN;
        }
        if (INTEGERS.contains(t)) {
            return Kind.INTEGER;
        }
        if (t.equals("FLOAT") || t.equals("DOUBLE")) {
            return Kind.FLOAT;
        }
        if (t.equals("BLOB") || t.equals("BYTEA")) {
            return Kind.BLOB;
        }
        return Kind.TEXT;
    }

    /** A number a filter value must parse as: integers (any width), floats and decimals. */
    boolean numeric() {
        String t = type.toUpperCase(Locale.ROOT).strip();
        return kind() == Kind.INTEGER || kind() == Kind.FLOAT || NUMERIC_TEXT.contains(t) || t.startsWith("DECIMAL");
    }

    /** The name as a quoted SQL identifier. */
    String sql() {
        return quote(name);
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
