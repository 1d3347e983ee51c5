package org.csghub.dataviewer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.csghub.rest.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RowFilterTest {

    static final Map<String, Column> COLUMNS = new LinkedHashMap<>();

    static {
        for (Column c : List.of(new Column("id", "BIGINT"), new Column("name", "VARCHAR"),
                new Column("score", "DOUBLE"), new Column("price", "DECIMAL(10,2)"), new Column("ok", "BOOLEAN"),
                new Column("day", "DATE"), new Column("tags", "VARCHAR[]"), new Column("odd \"col\"", "INTEGER"))) {
            COLUMNS.put(c.name(), c);
        }
    }

    @Test
    void conditionsBecomeQuotedColumnsAndParameters() {
        RowFilter.Where w = RowFilter.where("id >= 3 and name contains 'O''Brien' AND score < 1.5", COLUMNS);
        assertThat(w.sql()).isEqualTo("\"id\" >= ? AND CAST(\"name\" AS VARCHAR) ILIKE ? ESCAPE '\\' AND \"score\" < ?");
        assertThat(w.params()).containsExactly(3L, "%O'Brien%", 1.5);
    }

    @Test
    void operatorsAndTypes() {
        assertThat(RowFilter.where("name = \"a b\"", COLUMNS).sql()).isEqualTo("\"name\" = ?");
        assertThat(RowFilter.where("name != x", COLUMNS).sql()).isEqualTo("\"name\" <> ?");
        assertThat(RowFilter.where("name <> x", COLUMNS).sql()).isEqualTo("\"name\" <> ?");
        assertThat(RowFilter.where("id == 1", COLUMNS).params()).containsExactly(1L);
        // a fraction against an integer column compares as DOUBLE, not as a rounded parameter
        RowFilter.Where frac = RowFilter.where("id > 30.5", COLUMNS);
        assertThat(frac.sql()).isEqualTo("CAST(\"id\" AS DOUBLE) > ?");
        assertThat(frac.params()).containsExactly(30.5);
        assertThat(RowFilter.where("price <= 10", COLUMNS).params()).containsExactly(10L);
        assertThat(RowFilter.where("ok = TRUE", COLUMNS).params()).containsExactly(true);
        assertThat(RowFilter.where("day >= 2024-01-02", COLUMNS).sql()).isEqualTo("CAST(\"day\" AS VARCHAR) >= ?");
        assertThat(RowFilter.where("tags contains x", COLUMNS).params()).containsExactly("%x%");
        assertThat(RowFilter.where("name = null", COLUMNS).sql()).isEqualTo("\"name\" IS NULL");
        assertThat(RowFilter.where("name != NULL", COLUMNS).sql()).isEqualTo("\"name\" IS NOT NULL");
        assertThat(RowFilter.where("`odd \"col\"` > 1", COLUMNS).sql()).isEqualTo("\"odd \"\"col\"\"\" > ?");
        assertThat(RowFilter.where("NAME = x", COLUMNS).sql()).isEqualTo("\"name\" = ?");
        assertThat(RowFilter.where("name contains '50%_off'", COLUMNS).params()).containsExactly("%50\\%\\_off%");
        assertThat(RowFilter.where("  ", COLUMNS)).isEqualTo(RowFilter.Where.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "id = 1; DROP TABLE t",
        "id = 1 OR 1=1",
        "id = 1 -- comment",
        "id = (SELECT 1)",
        "name = 'x' UNION SELECT * FROM read_csv('/etc/passwd')",
        "\"id\" = 1) OR (1 = 1",
        "nosuch = 1",
        "\"name; DROP TABLE x\" = 1",
        "id = abc",
        "ok = maybe",
        "id",
        "id =",
        "= 1",
        "name = 'unterminated",
        "id LIKE 1",
        "read_csv('/etc/passwd') = 1",
        "name = null and id > null"
    })
    void injectionAndNonsenseAreRejected(String where) {
        assertThatThrownBy(() -> RowFilter.where(where, COLUMNS)).isInstanceOfSatisfying(ApiException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_where");
                });
    }

    @Test
    void tooLongOrTooMany() {
        assertThatThrownBy(() -> RowFilter.where("name = " + "x".repeat(3000), COLUMNS))
                .isInstanceOf(ApiException.class);
        String many = String.join(" and ", java.util.Collections.nCopies(11, "id > 1"));
        assertThatThrownBy(() -> RowFilter.where(many, COLUMNS)).hasMessageContaining("more than 10");
    }

    @Test
    void orderBy() {
        assertThat(RowFilter.orderBy("score desc, name", COLUMNS))
                .isEqualTo("\"score\" DESC NULLS LAST, \"name\" ASC NULLS LAST");
        assertThat(RowFilter.orderBy("ID ASC", COLUMNS)).isEqualTo("\"id\" ASC NULLS LAST");
        assertThat(RowFilter.orderBy(null, COLUMNS)).isEmpty();
        for (String bad : List.of("score desc; DROP TABLE x", "nosuch", "score sideways", "1", "score, ", 
                "random()", "a, b, c, d")) {
            assertThatThrownBy(() -> RowFilter.orderBy(bad, COLUMNS)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.code()).isEqualTo("invalid_orderby"));
        }
    }
}
