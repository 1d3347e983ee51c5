package org.csghub.inference.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads {@code general.architecture} from the metadata at the start of a GGUF file (little-endian: magic, version,
 * tensor count, key/value count, then the key/value pairs), skipping other values without loading them.
 */
final class GgufArchitecture {

    private static final int MAX_KEY = 64 * 1024;

    private GgufArchitecture() {
    }

    /** The architecture, or empty when the stream is no GGUF file or does not name one. */
    static Optional<String> read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = new byte[4];
        try {
            data.readFully(magic);
            if (!"GGUF".equals(new String(magic, StandardCharsets.US_ASCII))) {
                return Optional.empty();
            }
            int version = u32(data);
            if (version < 2) {
                return Optional.empty(); // v1 used 32-bit counts and lengths; nothing current writes it
            }
            u64(data); // tensors
            long pairs = u64(data);
            for (long i = 0; i < pairs; i++) {
                String key = string(data);
                int type = u32(data);
                if ("general.architecture".equals(key) && type == 8) {
                    return Optional.of(string(data));
                }
                skip(data, type);
            }
            return Optional.empty();
        } catch (EOFException truncated) {
            return Optional.empty();
        }
    }

    private static void skip(DataInputStream data, int type) throws IOException {
        switch (type) {
            case 0, 1, 7 -> data.skipNBytes(1);
            case 2, 3 -> data.skipNBytes(2);
            case 4, 5, 6 -> data.skipNBytes(4);
            case 10, 11, 12 -> data.skipNBytes(8);
            case 8 -> data.skipNBytes(u64(data));
            case 9 -> {
                int itemType = u32(data);
                long count = u64(data);
                for (long i = 0; i < count; i++) {
                    skip(data, itemType);
                }
            }
            default -> throw new EOFException("unknown GGUF value type " + type);
        }
    }

    private static String string(DataInputStream data) throws IOException {
        long length = u64(data);
        if (length < 0 || length > MAX_KEY) {
            throw new EOFException("GGUF string too long");
        }
        byte[] bytes = new byte[(int) length];
        data.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int u32(DataInputStream data) throws IOException {
        return Integer.reverseBytes(data.readInt());
    }

    private static long u64(DataInputStream data) throws IOException {
        return Long.reverseBytes(data.readLong());
    }
}
