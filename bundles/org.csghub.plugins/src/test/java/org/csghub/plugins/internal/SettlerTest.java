package org.csghub.plugins.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SettlerTest {

    private static final long QUIET = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private final Settler settler = new Settler(QUIET);

    @Test
    void aFileIsDueOnlyAfterAQuietPeriodWithoutEvents() {
        long t = 1_000_000_000L;
        settler.touch("a.jar", t);
        settler.touch("a.jar", t + 30 * MS); // still being written
        assertThat(settler.due(t + 60 * MS)).isEmpty();
        assertThat(settler.nanosUntilNext(t + 60 * MS)).isEqualTo(20 * MS);
        assertThat(settler.due(t + 80 * MS)).containsExactly("a.jar");
        assertThat(settler.due(t + 500 * MS)).as("reported once").isEmpty();
        assertThat(settler.nanosUntilNext(t + 500 * MS)).isEqualTo(-1);
    }

    @Test
    void forgottenFilesAreNeverDueAndScannedFilesAreDueAtOnce() {
        long t = -5_000L; // nanoTime may be negative
        settler.touch("gone.jar", t);
        settler.forget("gone.jar");
        settler.dueNow("found.jar", t);
        assertThat(settler.nanosUntilNext(t)).isZero();
        assertThat(settler.due(t)).containsExactly("found.jar");
        assertThat(settler.pending("gone.jar")).isFalse();
    }

    @Test
    void severalFilesComeOutSortedWhenDue() {
        settler.touch("b.jar", 0);
        settler.touch("a.jar", 10 * MS);
        settler.touch("c.jar", 100 * MS);
        assertThat(settler.nanosUntilNext(0)).isEqualTo(QUIET);
        assertThat(settler.due(70 * MS)).containsExactly("a.jar", "b.jar");
        assertThat(settler.pending("c.jar")).isTrue();
    }
}
