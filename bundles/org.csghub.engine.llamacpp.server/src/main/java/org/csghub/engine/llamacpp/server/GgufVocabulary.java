package org.csghub.engine.llamacpp.server;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The vocabulary size of a GGUF model, read from its metadata ({@code tokenizer.ggml.tokens}). java-llama.cpp does
 * not expose it, and llama.cpp aborts the whole process on a token id outside the vocabulary, so /detokenize
 * checks ids against it first. Reading it also checks that the file is a GGUF before llama.cpp sees it.
 */
final class GgufVocabulary {

    private static final int MAGIC = 0x46554747; // "GGUF", little-endian
    private static final String TOKENS_KEY = "tokenizer.ggml.tokens";
    private static final int TYPE_STRING = 8;
    private static final int TYPE_ARRAY = 9;
    /** Byte sizes of the fixed-size GGUF value types 0..12 (0 for string and array). */
    private static final int[] FIXED_SIZES = {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};

    private GgufVocabulary() {
    }

    /** @throws IOException if the file cannot be read, is no GGUF or has no token list */
    static int size(Path file) throws IOException {
        try (InputStream stream = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            DataInputStream in = new DataInputStream(stream);
            if (u32(in) != MAGIC) {
                throw new IOException(file + " is not a GGUF file");
            }
            u32(in); // version
            u64(in); // tensor count
            long kvCount = u64(in);
            for (long i = 0; i < kvCount; i++) {
                String key = string(in);
                int type = u32(in);
                if (key.equals(TOKENS_KEY) && type == TYPE_ARRAY) {
                    u32(in); // element type
                    return Math.toIntExact(u64(in));
                }
                skip(in, type);
            }
            throw new IOException(file + " has no " + TOKENS_KEY);
        }
    }

    private static void skip(DataInputStream in, int type) throws IOException {
        if (type == TYPE_STRING) {
            in.skipNBytes(u64(in));
        } else if (type == TYPE_ARRAY) {
            int elementType = u32(in);
            long count = u64(in);
            if (elementType >= 0 && elementType < FIXED_SIZES.length && FIXED_SIZES[elementType] > 0) {
                in.skipNBytes(count * FIXED_SIZES[elementType]);
                return;
            }
            for (long i = 0; i < count; i++) {
                skip(in, elementType);
            }
        } else if (type >= 0 && type < FIXED_SIZES.length) {
            in.skipNBytes(FIXED_SIZES[type]);
        } else {
            throw new IOException("unknown GGUF value type " + type);
        }
    }

    private static String string(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[Math.toIntExact(u64(in))];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static int u32(DataInputStream in) throws IOException {
        return Integer.reverseBytes(in.readInt()); // GGUF is little-endian, DataInputStream big-endian
    }

    private static long u64(DataInputStream in) throws IOException {
        return Long.reverseBytes(in.readLong());
    }
}
