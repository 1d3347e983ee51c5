package org.csghub.repo.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Subject;
import org.csghub.repo.api.CardField;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoChanges;
import org.csghub.repo.api.RepoPage;
import org.csghub.repo.api.RepoQuery;
import org.csghub.repo.api.RepoSpec;
import org.csghub.repo.api.RepoType;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * Repositories of one type, at {@code /api/v1/{segment}} ({@code models}, {@code datasets}, ...): list and search,
 * create, read, update, rename or transfer, delete, like, and the card relations (model tree).
 *
 * <p>Every resource that serves repository routes uses exactly this class path: JAX-RS picks among root classes
 * by their path template, so a second class with a longer template would take these routes away.
 */
@Component(service = RepoResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect("(osgi.jakartars.name=csghub.accounts)")
@Path("api/v1/{segment}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "repositories")
public class RepoResource {

    private final DefaultRepositories repos;

    @Activate
    public RepoResource(@Reference DefaultRepositories repos) {
        this.repos = repos;
    }

    @GET
    @Operation(summary = "List and search repositories of a type, filtered by the type's card facets and tags, sorted and paged")
    public RepoViews.Page<RepoViews.RepoView> list(@PathParam("segment") String segment,
                                                  @QueryParam("search") String search,
                                                  @QueryParam("namespace") String namespace,
                                                  @QueryParam("sort") @DefaultValue("recent") String sort,
                                                  @QueryParam("page") @DefaultValue("1") int page,
                                                  @QueryParam("per_page") @DefaultValue("20") int perPage,
                                                  @Context UriInfo uri, @Context SecurityContext security) {
        RepoType type = repos.requireType(segment);
        Map<String, String> facets = new LinkedHashMap<>();
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        if (query.getFirst("tag") != null) {
            facets.put("tag", query.getFirst("tag"));
        }
        for (CardField field : type.cardFields()) {
            if (field.filter() != null && query.getFirst(field.filter()) != null) {
                facets.put(field.filter(), query.getFirst(field.filter()));
            }
        }
        if (page < 1 || perPage < 1 || perPage > 100) {
            throw ApiException.badRequest("invalid_paging", "page must be >= 1 and per_page 1..100");
        }
        RepoPage found = repos.list(Subject.of(security),
                new RepoQuery(type.name(), search, namespace, facets, sort, false, (page - 1) * perPage, perPage));
        return new RepoViews.Page<>(found.items().stream().map(r -> view(r, type, uri)).toList(), found.total(),
                page, perPage);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a repository in your namespace or an organization you may write to")
    public Response create(@PathParam("segment") String segment, RepoViews.CreateRepo body, @Context UriInfo uri,
                           @Context SecurityContext security) {
        RepoType type = repos.requireType(segment);
        if (body == null) {
            throw ApiException.badRequest("invalid_body", "a JSON body with namespace and name is required");
        }
        Repo repo = repos.create(Subject.of(security), type.name(), new RepoSpec(body.namespace(), body.name(),
                body.description(), DefaultRepositories.visibility(body.visibility(), null), body.defaultBranch(),
                body.tags()));
        return Response.created(URI.create(uri.getBaseUri() + "api/v1/" + segment + "/" + repo.path()))
                .entity(view(repo, type, uri)).build();
    }

    @GET
    @Path("{namespace}/{name}")
    @Operation(summary = "A repository: settings, card metadata, counters and its clone URL")
    public RepoViews.RepoView get(@PathParam("segment") String segment, @PathParam("namespace") String namespace,
                                  @PathParam("name") String name, @Context UriInfo uri,
                                  @Context SecurityContext security) {
        RepoType type = repos.requireType(segment);
        return view(repos.require(Subject.of(security), type, namespace, name, Action.READ), type, uri);
    }

    @PATCH
    @Path("{namespace}/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change description and tags (write), visibility and default branch (admin)")
    public RepoViews.RepoView update(@PathParam("segment") String segment, @PathParam("namespace") String namespace,
                                     @PathParam("name") String name, RepoViews.UpdateRepo body, @Context UriInfo uri,
                                     @Context SecurityContext security) {
        RepoType type = repos.requireType(segment);
        Subject s = Subject.of(security);
        if (body == null) {
            throw ApiException.badRequest("invalid_body", "a JSON body is required");
        }
        Repo repo = repos.require(s, type, namespace, name, Action.READ);
        return view(repos.update(s, repo, new RepoChanges(body.description(),
                DefaultRepositories.visibility(body.visibility(), null), body.defaultBranch(), body.tags())), type, uri);
    }

    @PUT
    @Path("{namespace}/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Same as PATCH: fields left out are not changed")
    public RepoViews.RepoView put(@PathParam("segment") String segment, @PathParam("namespace") String namespace,
                                  @PathParam("name") String name, RepoViews.UpdateRepo body, @Context UriInfo uri,
                                  @Context SecurityContext security) {
        return update(segment, namespace, name, body, uri, security);
    }

    @DELETE
    @Path("{namespace}/{name}")
    @Operation(summary = "Delete a repository with its Git data (admin)")
    public Response delete(@PathParam("segment") String segment, @PathParam("namespace") String namespace,
                           @PathParam("name") String name, @Context SecurityContext security) {
        RepoType type = repos.requireType(segment);
        Subject s = Subject.of(security);
        repos.delete(s, repos.require(s, type, namespace, name, Action.READ));
        return Response.noContent().build();
    }

    @POST
    @Path("{namespace}/{name}/move")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename a repository and/or transfer it to another namespace you may write to (admin)")
    public RepoViews.RepoView move(@PathParam("segment") String segment, @PathParam("namespace") String namespace,
                                   @PathParam("name") String name, RepoViews.MoveRepo body, @Context UriInfo uri,
                                   @Context SecurityContext security) {
        RepoType type = repos.requireType(segment);
        Subject s = Subject.of(security);
        if (body == null) {
            throw ApiException.badRequest("invalid_body", "give a new name, a new namespace, or both");
        }
        return view(repos.move(s, repos.require(s, type, namespace, name, Action.READ), body.namespace(), body.name()),
                type, uri);
    }

    @PUT
    @Path("{namespace}/{name}/like")
    @Operation(summary = "Like a repository (once per user)")
    public RepoViews.Liked like(@PathParam("segment") String segment, @PathParam("namespace") String namespace,
                                @PathParam("name") String name, @Context SecurityContext security) {
        RepoType type = repos.requireType(segment);
        Subject s = Subject.of(security);
        return repos.like(s, repos.require(s, type, namespace, name, Action.READ), true);
    }

    @DELETE
    @Path("{namespace}/{name}/like")
    @Operation(summary = "Take a like back")
    public RepoViews.Liked unlike(@PathParam("segment") String segment, @PathParam("namespace") String namespace,
                                  @PathParam("name") String name, @Context SecurityContext security) {
        RepoType type = repos.requireType(segment);
        Subject s = Subject.of(security);
        return repos.like(s, repos.require(s, type, namespace, name, Action.READ), false);
    }

    @GET
    @Path("{namespace}/{name}/relations")
    @Operation(summary = "The model tree and card links: base models, derived models, datasets, models, used by")
    public RepoViews.Relations relations(@PathParam("segment") String segment,
                                         @PathParam("namespace") String namespace, @PathParam("name") String name,
                                         @Context SecurityContext security) {
        RepoType type = repos.requireType(segment);
        Subject s = Subject.of(security);
        return repos.relations(s, repos.require(s, type, namespace, name, Action.READ));
    }

    static RepoViews.RepoView view(Repo repo, RepoType type, UriInfo uri) {
        return RepoViews.RepoView.of(repo, uri.getBaseUri() + type.segment() + "/" + repo.path() + ".git");
    }

    static ApiException badRequest(String message) {
        return ApiException.badRequest("invalid_request", message);
    }
}
