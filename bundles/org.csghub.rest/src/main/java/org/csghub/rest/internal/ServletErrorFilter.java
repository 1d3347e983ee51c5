package org.csghub.rest.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Map;
import org.csghub.rest.ApiError;
import org.csghub.rest.RequestIds;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the request id on every answer (REST or plain servlet, like /metrics), and is the last line under the
 * REST layer: whatever escapes Jersey (an exception thrown while its application is
 * being rebuilt for a plugin that just left, a servlet outside Jersey calling {@code sendError}) is answered
 * with the uniform JSON error body instead of the container's HTML error page, and carries a request id.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern("/*")
@RequireHttpWhiteboard
public class ServletErrorFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(ServletErrorFilter.class);
    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String id = RequestIdFilter.idFrom(request.getHeader(RequestIds.HEADER));
        // every answer carries the id, REST or not; the REST layer below reads the same id from the request
        response.setHeader(RequestIds.HEADER, id);
        try {
            chain.doFilter(new WithRequestId(request, id), new JsonErrors(response, request, id));
        } catch (IOException e) {
            // the client went away (broken pipe, reset): nothing to answer, nothing wrong on our side
            LOG.debug("Response not delivered requestId={} path={}: {}", id, request.getRequestURI(), e.toString());
        } catch (ServletException | RuntimeException e) {
            LOG.error("Request failed outside the REST error mapping requestId={} path={}", id, request.getRequestURI(), e);
            if (!response.isCommitted()) {
                write(response, 500, "Internal server error", id);
            }
        }
    }

    private void write(HttpServletResponse response, int status, String message, String id) throws IOException {
        response.reset();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader(RequestIds.HEADER, id);
        if (status == 503) {
            response.setHeader("Retry-After", "1");
        }
        mapper.writeValue(response.getOutputStream(),
                ApiError.of(ErrorMapper.code(status), message, Map.of(), id));
    }

    /** The request as the layers below see it: with the request id header this filter settled on. */
    private static final class WithRequestId extends jakarta.servlet.http.HttpServletRequestWrapper {
        private final String id;

        WithRequestId(HttpServletRequest request, String id) {
            super(request);
            this.id = id;
        }

        @Override
        public String getHeader(String name) {
            return RequestIds.HEADER.equalsIgnoreCase(name) ? id : super.getHeader(name);
        }

        @Override
        public java.util.Enumeration<String> getHeaders(String name) {
            return RequestIds.HEADER.equalsIgnoreCase(name)
                    ? java.util.Collections.enumeration(java.util.List.of(id)) : super.getHeaders(name);
        }

        @Override
        public java.util.Enumeration<String> getHeaderNames() {
            java.util.List<String> names = java.util.Collections.list(super.getHeaderNames());
            if (names.stream().noneMatch(RequestIds.HEADER::equalsIgnoreCase)) {
                names.add(RequestIds.HEADER);
            }
            return java.util.Collections.enumeration(names);
        }
    }

    /** Turns {@code sendError} into the JSON body; everything else passes through untouched. */
    private final class JsonErrors extends HttpServletResponseWrapper {
        private final HttpServletRequest request;
        private final String id;

        JsonErrors(HttpServletResponse response, HttpServletRequest request, String id) {
            super(response);
            this.request = request;
            this.id = id;
        }

        @Override
        public void sendError(int status) throws IOException {
            sendError(status, null);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            String text = switch (status) {
                case 404 -> "No resource at " + request.getMethod() + " " + request.getRequestURI();
                case 405 -> "Method " + request.getMethod() + " is not allowed on " + request.getRequestURI();
                default -> message != null && status < 500 ? message : status >= 500 ? "Internal server error"
                        : "Request failed";
            };
            write((HttpServletResponse) getResponse(), status, text, id);
        }
    }
}
