package org.csghub.testing.gguf;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** GGUF's primitive encodings (everything little-endian), counting bytes so that padding can be computed. */
final class LittleEndianOutput {

    private final OutputStream out;
    private final ByteBuffer scratch = ByteBuffer.allocate(8 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    private long position;

    LittleEndianOutput(OutputStream out) {
        this.out = out;
    }

    long position() {
        return position;
    }

    void u32(int value) throws IOException {
        scratch.clear();
        scratch.putInt(value);
        flushScratch();
    }

    void u64(long value) throws IOException {
        scratch.clear();
        scratch.putLong(value);
        flushScratch();
    }

    void f32(float value) throws IOException {
        scratch.clear();
        scratch.putFloat(value);
        flushScratch();
    }

    /** A GGUF string: uint64 byte length, then UTF-8 without a terminator. */
    void string(String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        u64(utf8.length);
        bytes(utf8);
    }

    void floats(float[] values) throws IOException {
        int perChunk = scratch.capacity() / Float.BYTES;
        for (int start = 0; start < values.length; start += perChunk) {
            scratch.clear();
            scratch.asFloatBuffer().put(values, start, Math.min(perChunk, values.length - start));
            scratch.position(Math.min(perChunk, values.length - start) * Float.BYTES);
            flushScratch();
        }
    }

    void bytes(byte[] bytes) throws IOException {
        out.write(bytes);
        position += bytes.length;
    }

    /** Zero bytes up to the next multiple of {@code alignment} (counted from the start of this output). */
    void padTo(int alignment) throws IOException {
        int padding = (int) ((alignment - position % alignment) % alignment);
        bytes(new byte[padding]);
    }

    private void flushScratch() throws IOException {
        scratch.flip();
        out.write(scratch.array(), 0, scratch.limit());
        position += scratch.limit();
    }
}
