package org.csghub.gateway.internal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.csghub.accounts.api.AccessDeniedException;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.Role;
import org.csghub.accounts.api.Scope;
import org.csghub.accounts.api.Subject;
import org.csghub.persistence.api.Transactions;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code GET/PUT/DELETE /api/v1/gateway/keys/{tokenId}/policy}: an inference key's model allow-list, token budget
 * and RPM/TPM limits. Allowed to the user who owns the token, an admin of the organization that owns an
 * organization key, and site admins; for anyone else the key does not exist (404). Reading takes a token with
 * {@code read}, changing one with {@code write} (an inference-only key cannot raise its own limits).
 *
 * <p>The accounts API has no way yet to ask who owns a token, so the owner is read from the accounts bundle's
 * {@code accounts_token} table (same database, read-only, one query); an accounts API method should replace it.
 */
@Component(service = KeyPolicyResource.class)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect("(osgi.jakartars.name=csghub.accounts)")
@Path("api/v1/gateway/keys/{tokenId}/policy")
@Produces(MediaType.APPLICATION_JSON)
public class KeyPolicyResource {

    static final Set<String> FIELDS = Set.of("models", "budgetTokens", "budgetPeriod", "rpm", "tpm");
    private static final int MAX_MODELS = 100;

    private final Transactions tx;
    private final Permissions permissions;
    private final Admission admission;

    @Activate
    public KeyPolicyResource(@Reference Transactions tx, @Reference Permissions permissions,
                             @Reference Admission admission) {
        this.tx = tx;
        this.permissions = permissions;
        this.admission = admission;
    }

    /** Who owns a token: a user ({@code userId}) or an organization ({@code organization}). */
    record Owner(Long userId, String organization) {
    }

    @GET
    public Map<String, Object> get(@PathParam("tokenId") long tokenId, @Context SecurityContext security) {
        authorize(Subject.of(security), tokenId, Action.READ);
        KeyPolicy row = tx.readOnly(em -> em.find(KeyPolicy.class, tokenId));
        if (row == null) {
            throw ApiException.notFound("Key " + tokenId + " has no policy: no allow-list and no limits");
        }
        return view(row);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> put(@PathParam("tokenId") long tokenId, Map<String, Object> body,
                                   @Context SecurityContext security) {
        Owner owner = authorize(Subject.of(security), tokenId, Action.WRITE);
        Validated v = validate(body);
        Instant now = Instant.now();
        KeyPolicy saved = tx.inTransaction(em -> {
            KeyPolicy found = em.find(KeyPolicy.class, tokenId);
            KeyPolicy row = found != null ? found : new KeyPolicy();
            if (found == null) {
                row.tokenId = tokenId;
                row.createdAt = now;
            }
            row.ownerUserId = owner.userId();
            row.organization = owner.organization();
            row.models = v.models() == null ? null : String.join(",", v.models());
            row.budgetTokens = v.budgetTokens();
            row.budgetPeriod = v.period() == null ? null : v.period().wireName();
            row.rpm = v.rpm();
            row.tpm = v.tpm();
            row.updatedAt = now;
            if (found == null) {
                em.persist(row); // every field set: Hibernate checks not-null columns on persist
            }
            return row;
        });
        return view(saved);
    }

    @DELETE
    public Response delete(@PathParam("tokenId") long tokenId, @Context SecurityContext security) {
        authorize(Subject.of(security), tokenId, Action.WRITE);
        int deleted = tx.inTransaction(em -> {
            em.createQuery("delete from BudgetWindow w where w.tokenId = :t").setParameter("t", tokenId)
                    .executeUpdate();
            em.createQuery("delete from RateWindow w where w.tokenId = :t").setParameter("t", tokenId)
                    .executeUpdate();
            return em.createQuery("delete from KeyPolicy p where p.tokenId = :t").setParameter("t", tokenId)
                    .executeUpdate();
        });
        if (deleted == 0) {
            throw ApiException.notFound("Key " + tokenId + " has no policy");
        }
        return Response.noContent().build();
    }

    private Map<String, Object> view(KeyPolicy row) {
        Policy p = row.view();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tokenId", row.tokenId);
        out.put("ownerUserId", row.ownerUserId);
        out.put("organization", row.organization);
        out.put("models", p.models());
        out.put("budgetTokens", p.budgetTokens());
        out.put("budgetPeriod", p.period() == null ? null : p.period().wireName());
        out.put("rpm", p.rpm());
        out.put("tpm", p.tpm());
        if (p.budgetTokens() != null) {
            Instant start = p.period().start(admission.now());
            long[] window = admission.window(row.tokenId, start);
            Map<String, Object> current = new LinkedHashMap<>();
            current.put("periodStart", start);
            current.put("reservedTokens", window[0]);
            current.put("usedTokens", window[1]);
            current.put("remainingTokens", Math.max(0, p.budgetTokens() - window[0] - window[1]));
            out.put("window", current);
        }
        out.put("createdAt", row.createdAt);
        out.put("updatedAt", row.updatedAt);
        return out;
    }

    /** The policy a PUT body asks for; every field optional ({@code null} or absent: no such limit). */
    record Validated(List<String> models, Long budgetTokens, Policy.Period period, Integer rpm, Integer tpm) {
    }

    static Validated validate(Map<String, Object> body) {
        if (body == null) {
            throw ApiException.badRequest("invalid_body", "The body must be a JSON object with any of " + FIELDS);
        }
        for (String key : body.keySet()) {
            if (!FIELDS.contains(key)) {
                throw invalid(key, "Unknown field '" + key + "'; a policy has " + FIELDS);
            }
        }
        List<String> models = null;
        Object m = body.get("models");
        if (m != null) {
            if (!(m instanceof List<?> list) || list.size() > MAX_MODELS) {
                throw invalid("models", "models must be an array of at most " + MAX_MODELS + " model ids");
            }
            models = new ArrayList<>();
            for (Object id : list) {
                if (!(id instanceof String s) || s.isBlank() || s.length() > 255 || s.contains(",")
                        || !s.equals(s.trim())) {
                    throw invalid("models", "models must hold model ids such as 'alice/tiny' (no commas, no "
                            + "surrounding blanks)");
                }
                models.add(s);
            }
        }
        Long budget = number(body, "budgetTokens", Long.MAX_VALUE);
        Object periodValue = body.get("budgetPeriod");
        Policy.Period period = null;
        if (periodValue != null) {
            if (!(periodValue instanceof String s)) {
                throw invalid("budgetPeriod", "budgetPeriod must be one of day, month, total");
            }
            try {
                period = Policy.Period.parse(s);
            } catch (IllegalArgumentException e) {
                throw invalid("budgetPeriod", e.getMessage());
            }
        }
        if (budget != null && period == null) {
            throw invalid("budgetPeriod", "budgetTokens needs a budgetPeriod: day, month or total");
        }
        if (budget == null && period != null) {
            throw invalid("budgetTokens", "budgetPeriod needs budgetTokens");
        }
        Long rpm = number(body, "rpm", Integer.MAX_VALUE);
        Long tpm = number(body, "tpm", Integer.MAX_VALUE);
        return new Validated(models, budget, period, rpm == null ? null : rpm.intValue(),
                tpm == null ? null : tpm.intValue());
    }

    private static Long number(Map<String, Object> body, String field, long max) {
        Object v = body.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger)) {
            throw invalid(field, field + " must be a whole number");
        }
        java.math.BigInteger n = new java.math.BigInteger(v.toString());
        if (n.signum() < 0 || n.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
            throw invalid(field, field + " must be between 0 and " + max);
        }
        return n.longValue();
    }

    private static ApiException invalid(String field, String message) {
        return new ApiException(400, "invalid_field", message, Map.of("field", field));
    }

    /**
     * The token's owner, when the caller may see (READ) or change (WRITE) its policy; a 404 for a token that does
     * not exist or is not the caller's.
     */
    private Owner authorize(Subject subject, long tokenId, Action action) {
        if (subject.isAnonymous()) {
            throw AccessDeniedException.unauthenticated("Sign in or send a token to manage key policies");
        }
        if (!Scope.permits(subject.scopes(), action)) {
            throw AccessDeniedException.forbidden("This token's scopes do not allow "
                    + (action == Action.READ ? "reading" : "changing") + " key policies (needs "
                    + action.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        Owner owner = owner(tokenId);
        if (owner != null && (subject.siteAdmin()
                || owner.userId() != null && subject.isUser() && owner.userId() == subject.userId()
                || owner.organization() != null
                        && permissions.organizationRole(subject, owner.organization()) == Role.ADMIN)) {
            return owner;
        }
        throw ApiException.notFound("No key " + tokenId);
    }

    /** Reads the token's owner from the accounts bundle's table (no accounts API answers it yet). */
    private Owner owner(long tokenId) {
        return tx.readOnly(em -> {
            List<?> rows = em.createNativeQuery("select t.user_id, o.name from accounts_token t "
                    + "left join accounts_org o on o.id = t.org_id where t.id = :id").setParameter("id", tokenId)
                    .getResultList();
            if (rows.isEmpty()) {
                return null;
            }
            Object[] row = (Object[]) rows.get(0);
            return new Owner(row[0] == null ? null : ((Number) row[0]).longValue(), (String) row[1]);
        });
    }
}
