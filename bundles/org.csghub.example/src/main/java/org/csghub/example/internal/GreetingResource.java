package org.csghub.example.internal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.csghub.example.Greeter;
import org.csghub.example.Greeting;
import java.time.Instant;
import java.util.List;
import org.csghub.persistence.api.Transactions;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * The plugin's REST resource. A DS component registered with the whiteboard properties; JSON, error bodies
 * and request ids come from the hub ({@code @JSONRequired}), so the resource only validates and answers.
 */
@Component(service = GreetingResource.class)
@JakartarsResource
@JSONRequired
@Path("api/v1/example/greetings")
@Produces(MediaType.APPLICATION_JSON)
public class GreetingResource {

    private final Greeter greeter;
    private final Transactions transactions;

    @Activate
    public GreetingResource(@Reference Greeter greeter, @Reference Transactions transactions) {
        this.greeter = greeter;
        this.transactions = transactions;
    }

    /** {@code GET /api/v1/example/greetings?name=Ada}. */
    @GET
    public Greeting greet(@QueryParam("name") @DefaultValue("world") String name) {
        return greeter.greet(GreetingRequest.valid(name));
    }

    /** {@code POST /api/v1/example/greetings} with {@code {"name":"Ada"}}; 400 when the name is missing or odd. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Greeting greet(GreetingRequest request) {
        if (request == null) {
            throw ApiException.badRequest("invalid_body", "A JSON body {\"name\": ...} is required");
        }
        Greeting greeting = greeter.greet(request.validName());
        transactions.run(em -> em.persist(new GreetingRecord(greeting.name(), greeting.message(), Instant.now())));
        return greeting;
    }

    /** {@code GET /api/v1/example/greetings/log?limit=20}: the greetings given through POST, newest first. */
    @GET
    @Path("log")
    public List<GreetingRecord.LoggedGreeting> log(@QueryParam("limit") @DefaultValue("20") int limit) {
        if (limit < 1 || limit > 500) {
            throw ApiException.badRequest("invalid_limit", "limit must be between 1 and 500");
        }
        return transactions.readOnly(em -> em
                .createQuery("select g from GreetingRecord g order by g.createdAt desc, g.id desc", GreetingRecord.class)
                .setMaxResults(limit).getResultList().stream().map(GreetingRecord::view).toList());
    }
}
