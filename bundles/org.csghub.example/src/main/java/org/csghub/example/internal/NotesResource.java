package org.csghub.example.internal;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.Optional;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.ResourceRef;
import org.csghub.accounts.api.Subject;
import org.csghub.accounts.api.Visibility;
import org.csghub.persistence.api.Transactions;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * Notes owned by users and organizations: how a plugin guards its resources. The caller comes from the
 * security context the hub fills in; every check goes through the hub's {@link Permissions}, so owners, org
 * members, collaborators, site admins, token scopes and "private means invisible" all apply unchanged.
 * The resource waits for the accounts extension ({@code csghub.accounts}) so it never serves unauthenticated.
 */
@Component(service = NotesResource.class)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect("(osgi.jakartars.name=csghub.accounts)")
@Path("api/v1/example/notes")
@Produces(MediaType.APPLICATION_JSON)
public class NotesResource {

    private final Transactions tx;
    private final Permissions permissions;

    @Activate
    public NotesResource(@Reference Transactions tx, @Reference Permissions permissions) {
        this.tx = tx;
        this.permissions = permissions;
    }

    /** The body of a create or change. */
    public record NoteChange(String namespace, String name, String visibility, String content) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NoteChange body, @Context SecurityContext security) {
        NoteChange change = required(body);
        if (change.name() == null || !change.name().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw ApiException.badRequest("invalid_name", "name: 1-64 letters, digits, '.', '_' or '-'");
        }
        Visibility visibility = visibility(change.visibility() == null ? "public" : change.visibility());
        // creating needs write access to the namespace: checked as if the note already existed, privately
        permissions.require(Subject.of(security), Action.WRITE,
                new ResourceRef(NoteRecord.KIND, change.namespace() == null ? "" : change.namespace(), change.name(),
                        Visibility.PRIVATE));
        NoteRecord note = tx.inTransaction(em -> {
            if (find(em, change.namespace(), change.name()).isPresent()) {
                throw ApiException.conflict("Note " + change.namespace() + "/" + change.name() + " exists");
            }
            NoteRecord row = new NoteRecord();
            row.namespace = change.namespace();
            row.name = change.name();
            row.privateNote = visibility == Visibility.PRIVATE;
            row.content = content(change.content());
            row.updatedAt = Instant.now();
            em.persist(row);
            return row;
        });
        return Response.status(201).entity(note.view()).build();
    }

    @GET
    @Path("{namespace}/{name}")
    public NoteRecord.Note get(@PathParam("namespace") String namespace, @PathParam("name") String name,
                               @Context SecurityContext security) {
        NoteRecord note = existing(namespace, name);
        permissions.require(Subject.of(security), Action.READ, note.ref());
        return note.view();
    }

    @PUT
    @Path("{namespace}/{name}/content")
    @Consumes(MediaType.APPLICATION_JSON)
    public NoteRecord.Note write(@PathParam("namespace") String namespace, @PathParam("name") String name,
                                 NoteChange body, @Context SecurityContext security) {
        permissions.require(Subject.of(security), Action.WRITE, existing(namespace, name).ref());
        String content = content(required(body).content());
        return tx.inTransaction(em -> {
            NoteRecord row = find(em, namespace, name).orElseThrow();
            row.content = content;
            row.updatedAt = Instant.now();
            return row.view();
        });
    }

    @PUT
    @Path("{namespace}/{name}/settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public NoteRecord.Note settings(@PathParam("namespace") String namespace, @PathParam("name") String name,
                                    NoteChange body, @Context SecurityContext security) {
        permissions.require(Subject.of(security), Action.ADMIN, existing(namespace, name).ref());
        Visibility visibility = visibility(required(body).visibility());
        return tx.inTransaction(em -> {
            NoteRecord row = find(em, namespace, name).orElseThrow();
            row.privateNote = visibility == Visibility.PRIVATE;
            row.updatedAt = Instant.now();
            return row.view();
        });
    }

    @DELETE
    @Path("{namespace}/{name}")
    public Response delete(@PathParam("namespace") String namespace, @PathParam("name") String name,
                           @Context SecurityContext security) {
        permissions.require(Subject.of(security), Action.ADMIN, existing(namespace, name).ref());
        tx.run(em -> find(em, namespace, name).ifPresent(em::remove));
        return Response.noContent().build();
    }

    private NoteRecord existing(String namespace, String name) {
        return tx.readOnly(em -> find(em, namespace, name))
                .orElseThrow(() -> ApiException.notFound("note " + namespace + "/" + name + " not found"));
    }

    static Optional<NoteRecord> find(EntityManager em, String namespace, String name) {
        return em.createQuery("select n from NoteRecord n where n.namespace = :ns and n.name = :n", NoteRecord.class)
                .setParameter("ns", namespace).setParameter("n", name).getResultStream().findFirst();
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw ApiException.badRequest("invalid_body", "A JSON body is required");
        }
        return body;
    }

    private static String content(String content) {
        if (content == null || content.length() > 4000) {
            throw ApiException.badRequest("invalid_content", "content is required, at most 4000 characters");
        }
        return content;
    }

    private static Visibility visibility(String value) {
        try {
            return Visibility.parse(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_visibility", e.getMessage());
        }
    }
}
