package org.csghub.compute.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code GET /api/v1/accelerators}: the accelerator kinds installed right now (names resources refer to). */
@Component(service = AcceleratorResource.class)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect("(osgi.jakartars.name=csghub.accounts)")
@Path("api/v1/accelerators")
@Produces(MediaType.APPLICATION_JSON)
public class AcceleratorResource {

    private final DbResourceCatalog catalogue;

    @Activate
    public AcceleratorResource(@Reference DbResourceCatalog catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    public List<String> list(@Context SecurityContext security) {
        CatalogueViews.signedIn(security);
        return catalogue.acceleratorNames();
    }
}
