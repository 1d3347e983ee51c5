package org.csghub.dataviewer.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.Subject;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoFeature;
import org.csghub.repo.api.RepoType;
import org.csghub.repo.api.Repositories;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * The dataset viewer's routes under a repository: splits, schema and rows, for the types that have the
 * {@link RepoFeature#DATASET_VIEWER} feature. Revisions go in {@code ref}; config and split default to the first.
 *
 * <p>Uses exactly the registry's class path {@code api/v1/{segment}} (see RepoResource): JAX-RS merges the method
 * candidates of root classes only when their class paths are the same.
 */
@Component(service = ViewerResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect("(osgi.jakartars.name=csghub.accounts)")
@Path("api/v1/{segment}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dataset viewer")
public class ViewerResource {

    private final Repositories repos;
    private final Permissions permissions;
    private final DatasetViewer viewer;

    @Activate
    public ViewerResource(@Reference Repositories repos, @Reference Permissions permissions,
                          @Reference DatasetViewer viewer) {
        this.repos = repos;
        this.permissions = permissions;
        this.viewer = viewer;
    }

    @GET
    @Path("{namespace}/{name}/viewer/splits")
    @Operation(summary = "Configs and splits (from the card's configs, else the file layout) with their files")
    public Views.Splits splits(@PathParam("segment") String segment, @PathParam("namespace") String ns,
                               @PathParam("name") String name, @QueryParam("ref") String ref,
                               @Context SecurityContext security) {
        return viewer.splits(repo(segment, ns, name, security), ref);
    }

    @GET
    @Path("{namespace}/{name}/viewer/schema")
    @Operation(summary = "The columns of a split (names and DuckDB types)")
    public Views.Schema schema(@PathParam("segment") String segment, @PathParam("namespace") String ns,
                               @PathParam("name") String name, @QueryParam("ref") String ref,
                               @QueryParam("config") String config, @QueryParam("split") String split,
                               @Context SecurityContext security) {
        return viewer.schema(repo(segment, ns, name, security), ref, config, split);
    }

    @GET
    @Path("{namespace}/{name}/viewer/rows")
    @Operation(summary = "A page of a split's rows, optionally filtered (where=\"col op value [and ...]\", ops "
            + "= != < <= > >= contains) and sorted (orderby=\"col [asc|desc], ...\")")
    public Views.Rows rows(@PathParam("segment") String segment, @PathParam("namespace") String ns,
                           @PathParam("name") String name, @QueryParam("ref") String ref,
                           @QueryParam("config") String config, @QueryParam("split") String split,
                           @QueryParam("offset") @DefaultValue("0") long offset,
                           @QueryParam("limit") @DefaultValue("20") int limit,
                           @QueryParam("where") String where, @QueryParam("orderby") String orderBy,
                           @Context SecurityContext security) {
        return viewer.rows(repo(segment, ns, name, security), ref, config, split, offset, limit, where, orderBy);
    }

    private Repo repo(String segment, String ns, String name, SecurityContext security) {
        RepoType type = repos.typeForSegment(segment)
                .orElseThrow(() -> ApiException.notFound("no repository type '" + segment + "'"));
        if (!type.features().contains(RepoFeature.DATASET_VIEWER)) {
            throw new ApiException(404, "viewer_not_available", "the dataset viewer is not available for "
                    + type.segment() + " (only for repository types with the DATASET_VIEWER feature)");
        }
        Repo repo = repos.find(type.name(), ns, name)
                .orElseThrow(() -> ApiException.notFound(type.name() + " " + ns + "/" + name + " does not exist"));
        permissions.require(Subject.of(security), Action.READ, repo.ref());
        return repo;
    }
}
