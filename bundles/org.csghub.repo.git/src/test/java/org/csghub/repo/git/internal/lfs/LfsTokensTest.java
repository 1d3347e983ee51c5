package org.csghub.repo.git.internal.lfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LfsTokensTest {

    private static final String OID = "a".repeat(64);
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();

    private static LfsTokens at(long epochSecond) {
        return new LfsTokens(KEY, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    @Test
    void aTokenAuthorisesExactlyWhatItWasSignedFor() {
        String token = at(1000).sign(7, "upload", OID, 42, Duration.ofSeconds(60));
        LfsTokens later = at(1030);
        assertThat(later.verify(token, 7, "upload", OID, 42)).isTrue();
        assertThat(later.verify(token, 8, "upload", OID, 42)).as("other repository").isFalse();
        assertThat(later.verify(token, 7, "download", OID, 42)).as("other operation").isFalse();
        assertThat(later.verify(token, 7, "upload", "b".repeat(64), 42)).as("other object").isFalse();
        assertThat(later.verify(token, 7, "upload", OID, 43)).as("other size").isFalse();
    }

    @Test
    void expiredTamperedOrForeignTokensAreRefused() {
        String token = at(1000).sign(7, "download", OID, 1, Duration.ofSeconds(60));
        assertThat(at(1061).verify(token, 7, "download", OID, 1)).as("expired").isFalse();
        String extended = "9999999999" + token.substring(token.indexOf('.'));
        assertThat(at(1001).verify(extended, 7, "download", OID, 1)).as("expiry changed").isFalse();
        LfsTokens otherKey = new LfsTokens("fedcba9876543210fedcba9876543210".getBytes(),
                Clock.fixed(Instant.ofEpochSecond(1001), ZoneOffset.UTC));
        assertThat(otherKey.verify(token, 7, "download", OID, 1)).as("other key").isFalse();
        assertThat(at(1001).verify(null, 7, "download", OID, 1)).isFalse();
        assertThat(at(1001).verify("", 7, "download", OID, 1)).isFalse();
        assertThat(at(1001).verify("abc.def", 7, "download", OID, 1)).isFalse();
    }

    @Test
    void tokensAreUrlSafe() {
        String token = at(1000).sign(1, "upload", OID, 5, Duration.ofHours(1));
        assertThat(token).matches("[0-9]+\\.[A-Za-z0-9_-]+");
    }
}
