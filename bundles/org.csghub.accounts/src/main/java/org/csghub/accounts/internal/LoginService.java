package org.csghub.accounts.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.csghub.accounts.api.ExternalIdentity;
import org.csghub.accounts.api.IdentityProvider;
import org.csghub.accounts.api.LoginFailedException;
import org.csghub.accounts.api.LoginRedirect;
import org.csghub.accounts.api.UserView;
import org.csghub.persistence.api.Transactions;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logins through whatever {@link IdentityProvider}s are registered: they come and go with their bundles.
 * The provider says who the person is; the hub links or creates the user and opens a session.
 */
@Component(service = LoginService.class)
public class LoginService {

    private static final Logger LOG = LoggerFactory.getLogger(LoginService.class);
    private static final Duration LOGIN_STATE_TTL = Duration.ofMinutes(10);

    private final AccountStore accounts;
    private final TokenService tokens;
    private final Transactions tx;
    private final List<IdentityProvider> providers = new CopyOnWriteArrayList<>();

    @Activate
    public LoginService(@Reference AccountStore accounts, @Reference TokenService tokens, @Reference Transactions tx) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.tx = tx;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addProvider(IdentityProvider provider) {
        providers.add(provider);
        LOG.info("Login provider available id={} kind={}", provider.id(), provider.kind());
    }

    void removeProvider(IdentityProvider provider) {
        providers.remove(provider);
        LOG.info("Login provider gone id={}", provider.id());
    }

    List<IdentityProvider> providers() {
        return providers.stream().sorted(Comparator.comparing(IdentityProvider::id)).toList();
    }

    IdentityProvider provider(String id) {
        return providers.stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new ApiException(404, "provider_not_found", "No login provider " + id
                        + " is installed", Map.of("available", providers().stream().map(IdentityProvider::id).toList())));
    }

    /** A password login; the provider decides (and slows down or locks repeated failures). */
    Views.Session password(String providerId, String username, String password) {
        IdentityProvider provider = provider(providerId == null || providerId.isBlank() ? Passwords.LOCAL : providerId);
        if (provider.kind() != IdentityProvider.Kind.PASSWORD) {
            throw ApiException.badRequest("wrong_login_kind", provider.id() + " logs in by redirect: GET "
                    + "/api/v1/auth/providers/" + provider.id() + "/login");
        }
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw ApiException.badRequest("invalid_body", "username and password are required");
        }
        ExternalIdentity identity;
        try {
            identity = provider.authenticate(username, password.toCharArray());
        } catch (LoginFailedException e) {
            throw TokenService.unauthorized("login_failed", e.getMessage());
        }
        return open(identity);
    }

    /** Starts a redirect login: where the browser goes next. */
    URI begin(String providerId, URI callback) {
        IdentityProvider provider = provider(providerId);
        if (provider.kind() != IdentityProvider.Kind.REDIRECT) {
            throw ApiException.badRequest("wrong_login_kind", provider.id() + " takes a password: POST /api/v1/auth/login");
        }
        LoginRedirect redirect;
        try {
            redirect = provider.begin(callback);
        } catch (LoginFailedException e) {
            throw new ApiException(502, "provider_unavailable", e.getMessage());
        }
        LoginStateRecord state = new LoginStateRecord();
        state.state = redirect.state();
        state.provider = provider.id();
        state.privateState = redirect.privateState();
        state.callback = callback.toString();
        state.createdAt = Instant.now();
        state.expiresAt = state.createdAt.plus(LOGIN_STATE_TTL);
        tx.run(em -> {
            em.createQuery("delete from LoginStateRecord s where s.expiresAt < :now")
                    .setParameter("now", Instant.now()).executeUpdate();
            em.persist(state);
        });
        return redirect.authorizationUri();
    }

    /** Completes a redirect login; the state is used up whether it succeeds or not. */
    Views.Session complete(String providerId, Map<String, String> parameters) {
        IdentityProvider provider = provider(providerId);
        String stateValue = parameters.get("state");
        if (stateValue == null || stateValue.isBlank()) {
            throw ApiException.badRequest("invalid_state", "The callback carries no state");
        }
        LoginStateRecord state = tx.inTransaction(em -> {
            LoginStateRecord row = em.find(LoginStateRecord.class, stateValue);
            if (row != null) {
                em.remove(row);
            }
            return row;
        });
        if (state == null || !state.provider.equals(provider.id()) || state.expiresAt.isBefore(Instant.now())) {
            throw TokenService.unauthorized("invalid_state", "This login is unknown, was used already or has expired;"
                    + " start again");
        }
        if (parameters.containsKey("error")) {
            throw TokenService.unauthorized("login_failed", "The provider refused the login: " + parameters.get("error"));
        }
        try {
            return open(provider.complete(URI.create(state.callback), parameters, state.privateState));
        } catch (LoginFailedException e) {
            throw TokenService.unauthorized("login_failed", e.getMessage());
        }
    }

    private Views.Session open(ExternalIdentity identity) {
        UserView user = accounts.userFor(identity);
        return tokens.createSession(user.id(), user.username(), identity.provider());
    }
}
