package org.csghub.testing.gguf;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed header and the key-value metadata of a GGUF file (any GGUF, not only {@link TinyGguf}'s), read back
 * without the tensors. Numbers come back as Integer/Long/Float/Double (unsigned types widened where they could
 * overflow), strings as String, arrays as List.
 */
public record GgufHeader(int magic, int version, long tensorCount, Map<String, Object> metadata) {

    public static final int MAGIC = TinyGguf.MAGIC;

    /** Reads the header; fails if the file does not start with the GGUF magic. */
    public static GgufHeader read(Path file) {
        try (InputStream stream = new BufferedInputStream(Files.newInputStream(file))) {
            Input in = new Input(new DataInputStream(stream));
            int magic = in.i32();
            if (magic != MAGIC) {
                throw new IllegalArgumentException(file + " is not a GGUF file (magic " + Integer.toHexString(magic) + ")");
            }
            int version = in.i32();
            long tensorCount = in.i64();
            long kvCount = in.i64();
            Map<String, Object> metadata = new LinkedHashMap<>();
            for (long i = 0; i < kvCount; i++) {
                String key = in.string();
                metadata.put(key, in.value(in.i32()));
            }
            return new GgufHeader(magic, version, tensorCount, Collections.unmodifiableMap(metadata));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Little-endian reads over a DataInputStream (which is big-endian). */
    private record Input(DataInputStream in) {

        Object value(int type) throws IOException {
            return switch (type) {
                case 0 -> in.readUnsignedByte();
                case 1 -> (int) in.readByte();
                case 2 -> Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
                case 3 -> (int) Short.reverseBytes(in.readShort());
                case 4 -> Integer.toUnsignedLong(i32());
                case 5 -> i32();
                case 6 -> Float.intBitsToFloat(i32());
                case 7 -> in.readUnsignedByte() != 0;
                case 8 -> string();
                case 9 -> array();
                case 10, 11 -> i64();
                case 12 -> Double.longBitsToDouble(i64());
                default -> throw new IOException("unknown GGUF value type " + type);
            };
        }

        int i32() throws IOException {
            return Integer.reverseBytes(in.readInt());
        }

        long i64() throws IOException {
            return Long.reverseBytes(in.readLong());
        }

        String string() throws IOException {
            long length = i64();
            if (length > Integer.MAX_VALUE) {
                throw new IOException("GGUF string of " + length + " bytes");
            }
            byte[] utf8 = new byte[(int) length];
            in.readFully(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }

        private List<Object> array() throws IOException {
            int elementType = i32();
            long length = i64();
            List<Object> values = new ArrayList<>();
            for (long i = 0; i < length; i++) {
                values.add(value(elementType));
            }
            return values;
        }
    }
}
