package org.csghub.rest.internal;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.csghub.rest.ApiException;

/**
 * Refuses bodies above the configured size with 413: at once when Content-Length says so, and while
 * reading when a chunked body grows past the limit. {@link BodyLimitFeature} puts it on every resource
 * method except those that stream large uploads (LFS, plugin jars) and check their own limit.
 */
@Priority(Priorities.AUTHENTICATION)
public class BodyLimitFilter implements ContainerRequestFilter {

    private final long maxBytes;

    public BodyLimitFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        if (request.hasEntity()) {
            request.setEntityStream(new Limited(request.getEntityStream(), maxBytes));
        }
    }

    static ApiException tooLarge(long maxBytes) {
        return new ApiException(413, "payload_too_large",
                "Request body is larger than the limit of " + maxBytes + " bytes", Map.of("limitBytes", maxBytes));
    }

    /** Counts what the reader consumes and stops it at the limit. */
    static final class Limited extends FilterInputStream {
        private final long max;
        private long count;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            count += n;
            if (count > max) {
                throw tooLarge(max);
            }
        }
    }
}
