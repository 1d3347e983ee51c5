package org.csghub.idp.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Argon2idTest {

    private final Argon2id hasher = new Argon2id(1024, 1);

    @Test
    void hashesVerifyTheirPasswordAndNothingElse() {
        String hash = hasher.hash("correct horse".toCharArray());
        assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$").doesNotContain("correct");
        assertThat(Argon2id.verify("correct horse".toCharArray(), hash)).isTrue();
        assertThat(Argon2id.verify("correct hors".toCharArray(), hash)).isFalse();
    }

    @Test
    void saltsMakeEveryHashDifferent() {
        assertThat(hasher.hash("same".toCharArray())).isNotEqualTo(hasher.hash("same".toCharArray()));
    }

    @Test
    void parametersTravelWithTheHash() {
        String stronger = new Argon2id(2048, 2).hash("pw-123456".toCharArray());
        assertThat(Argon2id.verify("pw-123456".toCharArray(), stronger)).isTrue();
    }

    @Test
    void matchesTheArgon2ReferenceImplementation() {
        // computed with the reference implementation (Debian's argon2 CLI):
        // echo -n password | argon2 somesalt -id -t 2 -k 1024 -p 1 -l 32 -e
        String reference = "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQ$7FfsnA6vUe7qLpL/3Kqc3uR48ZJyFbUVt7jWZlf0Htk";
        assertThat(Argon2id.verify("password".toCharArray(), reference)).isTrue();
        assertThat(Argon2id.verify("passwore".toCharArray(), reference)).isFalse();
    }

    @Test
    void malformedHashesNeverVerify() {
        assertThat(Argon2id.verify("x".toCharArray(), "$2a$10$bcrypt-style")).isFalse();
        assertThat(Argon2id.verify("x".toCharArray(), "plain")).isFalse();
    }
}
