package org.csghub.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;
import org.junit.jupiter.api.Test;

class RouteTimerTest {

    @Test
    void joinsMatchedTemplatesOutermostFirst() {
        // Jersey lists the matched templates innermost first: method path, then resource path
        assertThat(RouteTimer.template(info(List.of(new UriTemplate("{id}/start"), new UriTemplate("api/v1/admin/plugins")))))
                .isEqualTo("/api/v1/admin/plugins/{id}/start");
        assertThat(RouteTimer.template(info(List.of(new UriTemplate("/api/v1/version"))))).isEqualTo("/api/v1/version");
    }

    @Test
    void unmatchedRequestsShareOneSeries() {
        assertThat(RouteTimer.template(info(List.of()))).isEqualTo("UNMATCHED");
        assertThat(RouteTimer.template(null)).isEqualTo("UNMATCHED");
    }

    private static ExtendedUriInfo info(List<UriTemplate> templates) {
        return (ExtendedUriInfo) Proxy.newProxyInstance(RouteTimerTest.class.getClassLoader(),
                new Class<?>[] {ExtendedUriInfo.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getMatchedTemplates")) {
                        return templates;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
