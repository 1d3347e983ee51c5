package org.csghub.rest.internal;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.UUID;
import java.util.regex.Pattern;
import org.csghub.rest.RequestIds;
import org.slf4j.MDC;

/**
 * Gives every request an id (the caller's, when it is a sane token), puts it in the logging MDC and
 * returns it in the {@value RequestIds#HEADER} header of every response, errors included.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class RequestIdFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String PROPERTY = RequestIdFilter.class.getName();
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    public void filter(ContainerRequestContext request) {
        String id = idFrom(request.getHeaderString(RequestIds.HEADER));
        request.setProperty(PROPERTY, id);
        MDC.put(RequestIds.MDC_KEY, id);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(RequestIds.HEADER, id);
        }
        MDC.remove(RequestIds.MDC_KEY);
    }

    /** The caller's request id when it is a sane token, otherwise a fresh one. */
    static String idFrom(String header) {
        return header != null && SANE.matcher(header).matches() ? header : UUID.randomUUID().toString();
    }

    /** The id of the request being served on this thread, or a fresh one outside a request. */
    static String current() {
        String id = MDC.get(RequestIds.MDC_KEY);
        return id != null ? id : UUID.randomUUID().toString();
    }
}
