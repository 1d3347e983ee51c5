package org.csghub.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.csghub.rest.ApiException;
import org.junit.jupiter.api.Test;

/** The parts of the error mapping that do not need a running Jersey: codes, parse locations, field paths. */
class ErrorMapperTest {

    public record Item(String name, int size) {
    }

    public record Order(String id, List<Item> items) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyStatusHasAStableCode() {
        assertThat(ErrorMapper.code(400)).isEqualTo("bad_request");
        assertThat(ErrorMapper.code(404)).isEqualTo("not_found");
        assertThat(ErrorMapper.code(405)).isEqualTo("method_not_allowed");
        assertThat(ErrorMapper.code(413)).isEqualTo("payload_too_large");
        assertThat(ErrorMapper.code(415)).isEqualTo("unsupported_media_type");
        assertThat(ErrorMapper.code(503)).isEqualTo("unavailable");
        assertThat(ErrorMapper.code(502)).isEqualTo("internal_error");
        assertThat(ErrorMapper.code(418)).isEqualTo("http_418");
    }

    @Test
    void malformedJsonReportsLineAndColumn() {
        JsonProcessingException e = parse("{\n  \"id\": \"a\",\n  \"items\": [ }", Order.class);
        Map<String, Object> details = ErrorMapper.jsonDetails(e);
        assertThat(details).containsEntry("line", 3).containsEntry("column", 14);
    }

    @Test
    void aWrongFieldTypeReportsThePathToTheField() {
        Map<String, Object> details = ErrorMapper.jsonDetails(parse("{\"id\":\"a\",\"items\":[{\"name\":\"x\",\"size\":1},"
                + "{\"name\":\"y\",\"size\":\"big\"}]}", Order.class));
        assertThat(details).containsEntry("path", "items[1].size").containsEntry("line", 1);

        assertThat(ErrorMapper.jsonDetails(parse("{\"name\":[1]}", Item.class))).containsEntry("path", "name");
    }

    @Test
    void causesAreFoundThroughWrappers() {
        ApiException api = ApiException.badRequest("x", "y");
        assertThat(ErrorMapper.find(new RuntimeException(new IllegalStateException(api)), ApiException.class))
                .isSameAs(api);
        assertThat(ErrorMapper.find(new RuntimeException("plain"), ApiException.class)).isNull();
    }

    @Test
    void theBodyLimitIs413WithTheLimit() {
        ApiException tooLarge = BodyLimitFilter.tooLarge(1024);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.code()).isEqualTo(ErrorMapper.code(413));
        assertThat(tooLarge.details()).containsEntry("limitBytes", 1024L);
    }

    private static JsonProcessingException parse(String json, Class<?> type) {
        return catchThrowableOfType(JsonProcessingException.class, () -> JSON.readValue(json, type));
    }
}
