package org.csghub.testing.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The key-value section of a GGUF file, encoded as it is added: each entry is the key (a GGUF string), a uint32
 * value type and the value. Only the types a llama model needs are here.
 */
final class GgufMetadata {

    static final int TYPE_U32 = 4;
    static final int TYPE_I32 = 5;
    static final int TYPE_F32 = 6;
    static final int TYPE_STRING = 8;
    static final int TYPE_ARRAY = 9;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final LittleEndianOutput out = new LittleEndianOutput(bytes);
    private long count;

    GgufMetadata u32(String key, int value) {
        return put(key, TYPE_U32, () -> out.u32(value));
    }

    GgufMetadata f32(String key, float value) {
        return put(key, TYPE_F32, () -> out.f32(value));
    }

    GgufMetadata string(String key, String value) {
        return put(key, TYPE_STRING, () -> out.string(value));
    }

    GgufMetadata strings(String key, List<String> values) {
        return put(key, TYPE_ARRAY, () -> {
            arrayHeader(TYPE_STRING, values.size());
            for (String value : values) {
                out.string(value);
            }
        });
    }

    GgufMetadata floats(String key, float[] values) {
        return put(key, TYPE_ARRAY, () -> {
            arrayHeader(TYPE_F32, values.length);
            out.floats(values);
        });
    }

    GgufMetadata ints(String key, int[] values) {
        return put(key, TYPE_ARRAY, () -> {
            arrayHeader(TYPE_I32, values.length);
            for (int value : values) {
                out.u32(value);
            }
        });
    }

    long count() {
        return count;
    }

    byte[] encoded() {
        return bytes.toByteArray();
    }

    private void arrayHeader(int elementType, int length) throws IOException {
        out.u32(elementType);
        out.u64(length);
    }

    private GgufMetadata put(String key, int type, ValueWriter value) {
        try {
            out.string(key);
            out.u32(type);
            value.write();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        count++;
        return this;
    }

    private interface ValueWriter {
        void write() throws IOException;
    }
}
