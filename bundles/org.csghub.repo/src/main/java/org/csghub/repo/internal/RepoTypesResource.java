package org.csghub.repo.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.csghub.repo.api.CardField;
import org.csghub.repo.api.RepoType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** The repository types this edition has: what a client may create and browse. */
@Component(service = RepoTypesResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect("(osgi.jakartars.name=csghub.accounts)")
@Path("api/v1/repo-types")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "repositories")
public class RepoTypesResource {

    private final DefaultRepositories repos;

    @Activate
    public RepoTypesResource(@Reference DefaultRepositories repos) {
        this.repos = repos;
    }

    @GET
    @Operation(summary = "The installed repository types with their URL segment, features and card fields")
    public List<RepoViews.TypeView> list() {
        return repos.types().stream().sorted(Comparator.comparing(RepoType::name)).map(RepoTypesResource::view).toList();
    }

    static RepoViews.TypeView view(RepoType t) {
        List<Map<String, String>> fields = t.cardFields().stream().map(RepoTypesResource::field).toList();
        return new RepoViews.TypeView(t.name(), t.segment(), t.displayName(),
                t.features().stream().map(f -> f.name().toLowerCase(java.util.Locale.ROOT)).sorted().toList(), fields);
    }

    private static Map<String, String> field(CardField f) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("key", f.key());
        m.put("kind", f.kind().name().toLowerCase(java.util.Locale.ROOT));
        if (f.filter() != null) {
            m.put("filter", f.filter());
        }
        m.put("description", f.description());
        return m;
    }
}
