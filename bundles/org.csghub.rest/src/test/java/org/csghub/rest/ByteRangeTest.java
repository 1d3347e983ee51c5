package org.csghub.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void suffixAndUnsatisfiable() {
        assertEquals(new ByteRange(7, 9), ByteRange.parse("bytes=-3", 10));
        assertEquals(new ByteRange(0, 9), ByteRange.parse("bytes=-30", 10));
        assertEquals(3, ByteRange.parse("bytes=2-4", 10).length());
        assertSame(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=10-", 10));
        assertSame(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=-0", 10));
        assertNull(ByteRange.parse("bytes=1-2,4-5", 10), "multiple ranges: the whole object");
        assertNull(ByteRange.parse("items=1-2", 10));
        assertNull(ByteRange.parse("bytes=x-2", 10));
    }
}
