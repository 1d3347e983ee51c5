package org.csghub.rest.openapi.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

/** Swagger UI's files at {@code /api/docs/ui/}, served by the HTTP whiteboard from this bundle (the webjar's layout). */
@Component(service = SwaggerUi.class)
@HttpWhiteboardResource(pattern = "/api/docs/ui/*", prefix = "/META-INF/resources/webjars/swagger-ui/5.18.2")
public class SwaggerUi {
}
