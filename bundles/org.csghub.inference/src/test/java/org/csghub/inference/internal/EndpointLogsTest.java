package org.csghub.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointLogsTest {

    @Test
    void newLinesAreWhatFollowsTheLinesSentLast() {
        List<String> sent = List.of("c", "d");
        assertThat(EndpointLogs.newLines(sent, List.of("a", "b", "c", "d", "e", "f"))).containsExactly("e", "f");
        assertThat(EndpointLogs.newLines(sent, List.of("a", "b", "c", "d"))).isEmpty();
        // the window moved: the last lines sent are still found
        assertThat(EndpointLogs.newLines(sent, List.of("d", "e"))).containsExactly("e");
        // a new log (engine restarted): everything is new
        assertThat(EndpointLogs.newLines(sent, List.of("x", "y"))).containsExactly("x", "y");
        assertThat(EndpointLogs.newLines(List.of(), List.of("x"))).containsExactly("x");
    }

    @Test
    void repeatedLinesAreMatchedAtTheirLastPlace() {
        assertThat(EndpointLogs.newLines(List.of("ok"), List.of("ok", "x", "ok", "y"))).containsExactly("y");
    }
}
