package org.csghub.storage.s3.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes (SHA-256) and counts what the S3 client reads from the caller's stream, and remembers how the stream
 * ended: its own failure (kept apart from the client's errors) or an early end.
 */
final class HashingInputStream extends FilterInputStream {

    private final MessageDigest digest;
    private long count;
    private boolean ended;
    private IOException failure;

    HashingInputStream(InputStream in) {
        super(in);
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
        if (n < 0) {
            ended = true;
        } else {
            digest.update(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) {
        return 0; // every byte must pass through the digest
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    long count() {
        return count;
    }

    /** The source reported its end. */
    boolean ended() {
        return ended;
    }

    /** The source's own failure, or {@code null}. */
    IOException failure() {
        return failure;
    }

    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
