package org.csghub.dataviewer.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.csghub.rest.ApiException;

/**
 * The viewer's {@code where} and {@code orderby}: a tiny language parsed here and turned into SQL whose only
 * variable parts are quoted identifiers of columns that exist and {@code ?} parameters. User text never becomes SQL.
 *
 * <pre>
 * where   := condition ( "and" condition )*
 * condition := column op value
 * column  := name | "quoted name" | `quoted name`     (name: letters, digits, _)
 * op      := = | == | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;= | contains     (contains: case-insensitive substring)
 * value   := 'text' | "text" | bare-word | null      (a quote inside is doubled)
 * orderby := column [asc|desc] ( "," column [asc|desc] )*
 * </pre>
 */
final class RowFilter {

    static final int MAX_LENGTH = 2000;
    static final int MAX_CONDITIONS = 10;
    static final int MAX_SORT_KEYS = 3;

    /** A WHERE clause body with its parameters, in order. */
    record Where(String sql, List<Object> params) {
        static final Where NONE = new Where("", List.of());

        Where {
            params = List.copyOf(params);
        }
    }

    private RowFilter() {
    }

    static Where where(String text, Map<String, Column> columns) {
        if (text == null || text.isBlank()) {
            return Where.NONE;
        }
        if (text.length() > MAX_LENGTH) {
            throw invalid("where", "is longer than " + MAX_LENGTH + " characters");
        }
        Lexer lx = new Lexer(text, "where");
        List<String> parts = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        do {
            if (parts.size() == MAX_CONDITIONS) {
                throw invalid("where", "has more than " + MAX_CONDITIONS + " conditions");
            }
            Column column = column(lx.identifier(), columns, "where");
            String op = lx.operator();
            Lexer.Value value = lx.value();
            parts.add(condition(column, op, value, params));
        } while (lx.keyword("and"));
        lx.end();
        return new Where(String.join(" AND ", parts), params);
    }

    /** An ORDER BY body, or empty. */
    static String orderBy(String text, Map<String, Column> columns) {
        if (text == null || text.isBlank()) {
            return "";
        }
        if (text.length() > MAX_LENGTH) {
            throw invalid("orderby", "is longer than " + MAX_LENGTH + " characters");
        }
        Lexer lx = new Lexer(text, "orderby");
        List<String> keys = new ArrayList<>();
        do {
            if (keys.size() == MAX_SORT_KEYS) {
                throw invalid("orderby", "has more than " + MAX_SORT_KEYS + " columns");
            }
            Column column = column(lx.identifier(), columns, "orderby");
            String dir = lx.keyword("desc") ? "DESC" : (lx.keyword("asc") ? "ASC" : "ASC");
            keys.add(column.sql() + " " + dir + " NULLS LAST");
        } while (lx.symbol(','));
        lx.end();
        return String.join(", ", keys);
    }

    private static String condition(Column c, String op, Lexer.Value v, List<Object> params) {
        String col = c.sql();
        if (v.nullLiteral()) {
            return switch (op) {
                case "=" -> col + " IS NULL";
                case "!=" -> col + " IS NOT NULL";
                default -> throw invalid("where", "null can only be compared with = or !=");
            };
        }
        if (op.equals("contains")) {
            params.add("%" + v.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            return "CAST(" + col + " AS VARCHAR) ILIKE ? ESCAPE '\\'";
        }
        String sqlOp = op.equals("!=") ? "<>" : op;
        switch (c.kind()) {
            case BOOLEAN -> {
                String b = v.text().toLowerCase(Locale.ROOT);
                if (!b.equals("true") && !b.equals("false")) {
                    throw invalid("where", "column '" + c.name() + "' is BOOLEAN: compare it with true or false");
                }
                params.add(Boolean.valueOf(b));
                return col + " " + sqlOp + " ?";
            }
            case INTEGER, FLOAT, TEXT -> {
                if (c.numeric()) {
                    // a parameter takes the column's type: 30.5 against a BIGINT would become 31. Whole numbers
                    // compare exactly; anything else against a non-float column compares as DOUBLE
                    BigDecimal n = number(c, v.text());
                    if (c.kind() == Column.Kind.FLOAT) {
                        params.add(n.doubleValue());
                        return col + " " + sqlOp + " ?";
                    }
                    try {
                        params.add(n.longValueExact());
                        return col + " " + sqlOp + " ?";
                    } catch (ArithmeticException fractionalOrHuge) {
                        params.add(n.doubleValue());
                        return "CAST(" + col + " AS DOUBLE) " + sqlOp + " ?";
                    }
                }
                params.add(v.text());
                // dates and times compare as their ISO text, so the value never needs a cast
                return c.type().equalsIgnoreCase("VARCHAR") ? col + " " + sqlOp + " ?"
                        : "CAST(" + col + " AS VARCHAR) " + sqlOp + " ?";
            }
            default -> {
                params.add(v.text());
                return "CAST(" + col + " AS VARCHAR) " + sqlOp + " ?";
            }
        }
    }

    private static BigDecimal number(Column c, String text) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw invalid("where", "column '" + c.name() + "' is " + c.type() + ": '" + text + "' is not a number");
        }
    }

    private static Column column(String name, Map<String, Column> columns, String param) {
        Column c = columns.get(name);
        if (c == null) {
            Optional<Column> ci = columns.values().stream().filter(x -> x.name().equalsIgnoreCase(name)).findFirst();
            if (ci.isPresent() && columns.values().stream().filter(x -> x.name().equalsIgnoreCase(name)).count() == 1) {
                return ci.get();
            }
            throw invalid(param, "there is no column '" + name + "'");
        }
        return c;
    }

    static ApiException invalid(String param, String why) {
        return new ApiException(400, "invalid_" + param, "'" + param + "' " + why,
                Map.of("parameter", param));
    }

    /** Tokens of the two little languages. */
    private static final class Lexer {
        private final String s;
        private final String param;
        private int i;

        record Value(String text, boolean nullLiteral) {
        }

        Lexer(String s, String param) {
            this.s = s;
            this.param = param;
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        String identifier() {
            skip();
            if (i >= s.length()) {
                throw error("expected a column name");
            }
            char c = s.charAt(i);
            if (c == '"' || c == '`') {
                return quoted(c);
            }
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            if (start == i) {
                throw error("expected a column name");
            }
            return s.substring(start, i);
        }

        String operator() {
            skip();
            for (String op : List.of("<=", ">=", "!=", "<>", "==", "=", "<", ">")) {
                if (s.startsWith(op, i)) {
                    i += op.length();
                    return switch (op) {
                        case "<>" -> "!=";
                        case "==" -> "=";
                        default -> op;
                    };
                }
            }
            if (keyword("contains")) {
                return "contains";
            }
            throw error("expected an operator (= != < <= > >= contains)");
        }

        Value value() {
            skip();
            if (i >= s.length()) {
                throw error("expected a value");
            }
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                return new Value(quoted(c), false);
            }
            int start = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                char ch = s.charAt(i);
                if (ch == '\'' || ch == '"' || ch == '`' || ch == ';' || ch == '(' || ch == ')' || ch == ',') {
                    throw error("unexpected '" + ch + "' in a value; quote values that contain it");
                }
                i++;
            }
            String word = s.substring(start, i);
            return new Value(word, word.equalsIgnoreCase("null"));
        }

        private String quoted(char q) {
            StringBuilder out = new StringBuilder();
            i++;
            while (i < s.length()) {
                char ch = s.charAt(i++);
                if (ch == q) {
                    if (i < s.length() && s.charAt(i) == q) {
                        out.append(q);
                        i++;
                    } else {
                        return out.toString();
                    }
                } else {
                    out.append(ch);
                }
            }
            throw error("unterminated " + q + "quote" + q);
        }

        /** Consumes a whole-word keyword (case-insensitive) if it comes next. */
        boolean keyword(String word) {
            skip();
            int end = i + word.length();
            if (s.regionMatches(true, i, word, 0, word.length())
                    && (end == s.length() || !(Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_'))) {
                i = end;
                return true;
            }
            return false;
        }

        boolean symbol(char c) {
            skip();
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        void end() {
            skip();
            if (i < s.length()) {
                throw error("unexpected '" + s.substring(i, Math.min(s.length(), i + 20)) + "'");
            }
        }

        private ApiException error(String what) {
            return invalid(param, "at " + i + ": " + what);
        }
    }
}
