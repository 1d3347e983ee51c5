package org.csghub.idp.casdoor.internal;

import org.csghub.accounts.api.GroupMapping;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.casbin.casdoor.config.Config;
import org.casbin.casdoor.entity.User;
import org.casbin.casdoor.service.AuthService;
import org.csghub.accounts.api.ExternalIdentity;
import org.csghub.accounts.api.IdentityProvider;
import org.csghub.accounts.api.LoginFailedException;
import org.csghub.accounts.api.LoginRedirect;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login through one Casdoor application with the Casdoor SDK: {@code getSigninUrl} for the redirect,
 * {@code getOAuthToken} to trade the code for Casdoor's access token (a JWT about the user),
 * {@code parseJwtToken} to check its signature against the configured certificate, then expiry and audience
 * ({@link TokenChecks}, which the SDK skips), and {@code get-user} for the person's groups.
 *
 * <p>The SDK speaks plain OAuth 2.0 without PKCE or a nonce: the {@code state} kept as {@code privateState}
 * protects the callback, and the client secret protects the code. Nothing secret is logged or put into an
 * exception message; the SDK's exceptions (whose causes may quote Casdoor's answers) are logged by class only.
 *
 * <p>Two things the SDK decides that an operator should know: {@code getOAuthToken} (Apache Oltu) sends the
 * client secret and the code in the token request's query string, so Casdoor's access log and any proxy in
 * front of it must not record query strings (use HTTPS); and that request has no timeout, so a Casdoor that
 * accepts the connection and never answers holds the login request (OkHttp's {@code get-user} gives up after
 * 10 s).
 */
@Component(service = IdentityProvider.class, configurationPid = CasdoorIdentityProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CasdoorConfig.class, factory = true)
public class CasdoorIdentityProvider implements IdentityProvider {

    static final String PID = "org.csghub.idp.casdoor";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Logger LOG = LoggerFactory.getLogger(CasdoorIdentityProvider.class);

    private final String id;
    private final String displayName;
    private final String organization;
    private final GroupMapping groupMapping;
    private final AuthService auth;
    private final CasdoorDirectory directory;
    private final TokenChecks checks;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public CasdoorIdentityProvider(CasdoorConfig config) {
        this(config, Clock.systemUTC());
    }

    CasdoorIdentityProvider(CasdoorConfig config, Clock clock) {
        this.id = config.id();
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must be lower case letters, digits and '-': " + id);
        }
        this.displayName = config.displayName();
        this.organization = Objects.requireNonNull(config.organizationName(), "organizationName");
        this.groupMapping = GroupMapping.parse(config.groupMapping());
        String endpoint = Objects.requireNonNull(config.endpoint(), "endpoint").replaceAll("/+$", "");
        Config sdk = new Config(endpoint, Objects.requireNonNull(config.clientId(), "clientId"),
                config._clientSecret(), Objects.requireNonNull(config.certificate(), "certificate"),
                organization, config.applicationName());
        this.auth = new AuthService(sdk);
        this.directory = new CasdoorDirectory(sdk);
        this.checks = new TokenChecks(config.clientId(), clock, Duration.ofSeconds(60));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public Kind kind() {
        return Kind.REDIRECT;
    }

    @Override
    public LoginRedirect begin(URI callback) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new LoginRedirect(URI.create(auth.getSigninUrl(callback.toString(), state)), state, state);
    }

    @Override
    public ExternalIdentity complete(URI callback, Map<String, String> parameters, String privateState)
            throws LoginFailedException {
        String error = parameters.get("error");
        if (error != null) {
            String code = ERROR_CODE.matcher(error).matches() ? error : "invalid";
            throw new LoginFailedException(displayName + " refused the sign-in (" + code + ")");
        }
        if (privateState == null || !privateState.equals(parameters.get("state"))) {
            throw new LoginFailedException("The sign-in could not be matched to one started here; please try again");
        }
        String code = parameters.get("code");
        if (code == null || code.isBlank()) {
            throw new LoginFailedException("The sign-in response carried no authorization code");
        }
        User user = verifiedUser(token(code, privateState));
        if (!organization.equals(user.owner)) {
            LOG.warn("Casdoor provider {}: token names a user of another organization", id);
            throw new LoginFailedException(displayName + " signed in a user of another organization");
        }
        CasdoorAccount account = account(user);
        return new ExternalIdentity(id, user.id, user.name, blankToNull(user.email),
                blankToNull(user.displayName) == null ? user.name : user.displayName, blankToNull(user.avatar),
                groupMapping.memberships(groupNames(account.groups())));
    }

    private String token(String code, String state) throws LoginFailedException {
        try {
            String token = auth.getOAuthToken(code, state);
            if (token == null || token.isBlank()) {
                throw new org.casbin.casdoor.exception.AuthException("no access token in the answer");
            }
            return token;
        } catch (RuntimeException e) {
            LOG.warn("Casdoor provider {}: code exchange failed: {}", id, describe(e));
            throw new LoginFailedException(unreachable(e) ? displayName + " cannot be reached right now"
                    : displayName + " refused the sign-in; please start again");
        }
    }

    private User verifiedUser(String token) throws LoginFailedException {
        User user;
        try {
            user = auth.parseJwtToken(token);
        } catch (RuntimeException e) {
            LOG.warn("Casdoor provider {}: token rejected: {}", id, e.getMessage());
            throw new LoginFailedException(displayName + " sent a token that is not valid");
        }
        String problem = checks.problem(token);
        if (problem != null || user.name == null || user.id == null) {
            LOG.warn("Casdoor provider {}: token rejected: {}", id, problem == null ? "no user in it" : problem);
            throw new LoginFailedException(displayName + " sent a token that is not valid");
        }
        return user;
    }

    private CasdoorAccount account(User user) throws LoginFailedException {
        try {
            CasdoorAccount account = directory.account(user.owner, user.name);
            if (account == null || account.isForbidden()) {
                throw new LoginFailedException(displayName + " does not allow this account to sign in");
            }
            return account;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Casdoor provider {}: get-user failed: {}", id, describe(e));
            throw new LoginFailedException(displayName + " could not confirm the account; please try again later");
        }
    }

    /** Casdoor ids ({@code acme/ml-team}) and bare names ({@code ml-team}), so rules may use either. */
    private static List<String> groupNames(List<String> groups) {
        List<String> names = new ArrayList<>();
        for (String group : groups) {
            names.add(group);
            int slash = group.lastIndexOf('/');
            if (slash >= 0) {
                names.add(group.substring(slash + 1));
            }
        }
        return names;
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The exception's class and its causes' classes: the SDK's messages may quote Casdoor's answer. */
    private static String describe(Throwable e) {
        StringBuilder chain = new StringBuilder(e.getClass().getSimpleName());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            chain.append(" <- ").append(cause.getClass().getSimpleName());
        }
        return chain.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
