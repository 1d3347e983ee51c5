package org.csghub.idp.oidc.internal;

import org.csghub.accounts.api.GroupMapping;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
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
 * Login through one OpenID Connect provider: the authorization code flow with PKCE (S256) and a nonce, the ID
 * token verified against the provider's published keys (signature, issuer, audience, expiry, nonce), and the
 * person read from its claims. One component per factory configuration of PID {@value #PID}; configuration
 * changes replace the component, so the cached discovery never outlives the settings it was made for.
 *
 * <p>Nothing secret is logged or put into an exception message: not the client secret, the code, the tokens or
 * the PKCE verifier. Failures are logged with the provider's error code or the failed check only, and the
 * {@link LoginFailedException}s carry no cause from past the discovery step (a parser's message may quote
 * what it was parsing).
 */
@Component(service = IdentityProvider.class, configurationPid = OidcIdentityProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = OidcConfig.class, factory = true)
public class OidcIdentityProvider implements IdentityProvider {

    static final String PID = "org.csghub.idp.oidc";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Logger LOG = LoggerFactory.getLogger(OidcIdentityProvider.class);

    private final String id;
    private final String displayName;
    private final ClientID clientId;
    private final Secret clientSecret;
    private final Scope scope;
    private final boolean userInfo;
    private final int timeoutMillis;
    private final IdentityClaims claims;
    private final Discovery discovery;

    @Activate
    public OidcIdentityProvider(OidcConfig config, Map<String, Object> properties) {
        this.id = Objects.requireNonNull(config.id(), "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must be lower case letters, digits and '-': " + id);
        }
        this.displayName = config.displayName().isBlank() ? "Sign in with " + id : config.displayName();
        this.clientId = new ClientID(Objects.requireNonNull(config.clientId(), "clientId"));
        this.clientSecret = secret(config, properties);
        this.scope = new Scope(config.scopes());
        scope.add("openid");
        this.userInfo = config.userInfo();
        this.timeoutMillis = config.timeoutMillis();
        this.claims = new IdentityClaims(id, config.usernameClaim(), config.groupsClaim(),
                GroupMapping.parse(config.groupMapping()));
        this.discovery = new Discovery(new Issuer(Objects.requireNonNull(config.issuer(), "issuer")), clientId,
                timeoutMillis, Duration.ofSeconds(config.discoveryCacheSeconds()), Clock.systemUTC());
    }

    /** {@code .clientSecret} (kept out of the service properties); a plain {@code clientSecret} still works. */
    private Secret secret(OidcConfig config, Map<String, Object> properties) {
        String value = config._clientSecret();
        if (value.isEmpty() && properties.get("clientSecret") instanceof String plain && !plain.isEmpty()) {
            LOG.warn("OIDC provider {}: clientSecret is published with the service's properties; "
                    + "configure it as .clientSecret instead", id);
            value = plain;
        }
        return value.isEmpty() ? null : new Secret(value);
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
    public LoginRedirect begin(URI callback) throws LoginFailedException {
        Discovery.Endpoints endpoints = endpoints();
        LoginState login = LoginState.fresh();
        URI authorization = new AuthenticationRequest.Builder(ResponseType.CODE, scope, clientId, callback)
                .endpointURI(endpoints.metadata().getAuthorizationEndpointURI())
                .state(new State(login.state()))
                .nonce(new Nonce(login.nonce()))
                .codeChallenge(new CodeVerifier(login.codeVerifier()), CodeChallengeMethod.S256)
                .build()
                .toURI();
        return new LoginRedirect(authorization, login.state(), login.encode());
    }

    @Override
    public ExternalIdentity complete(URI callback, Map<String, String> parameters, String privateState)
            throws LoginFailedException {
        String error = parameters.get("error");
        if (error != null) {
            // the description is whatever the callback URL says: not echoed, only a well-formed error code
            String code = ERROR_CODE.matcher(error).matches() ? error : "invalid";
            throw new LoginFailedException(displayName + " refused the sign-in (" + code + ")");
        }
        LoginState login = LoginState.decode(privateState);
        if (login == null || !login.state().equals(parameters.get("state"))) {
            throw new LoginFailedException("The sign-in could not be matched to one started here; please try again");
        }
        String code = parameters.get("code");
        if (code == null || code.isBlank()) {
            throw new LoginFailedException("The sign-in response carried no authorization code");
        }
        Discovery.Endpoints endpoints = endpoints();
        OIDCTokenResponse tokens = exchange(endpoints, callback, code, login);
        Map<String, Object> verified = verify(endpoints, tokens.getOIDCTokens().getIDToken(), login);
        if (userInfo && endpoints.metadata().getUserInfoEndpointURI() != null) {
            verified = withUserInfo(endpoints, tokens.getOIDCTokens().getBearerAccessToken(), verified);
        }
        return claims.identity(verified);
    }

    private Discovery.Endpoints endpoints() throws LoginFailedException {
        try {
            return discovery.endpoints();
        } catch (IOException | GeneralException | RuntimeException e) {
            LOG.warn("OIDC provider {}: discovery failed: {}", id, e.toString());
            throw new LoginFailedException(displayName + " cannot be reached right now", e);
        }
    }

    private OIDCTokenResponse exchange(Discovery.Endpoints endpoints, URI callback, String code, LoginState login)
            throws LoginFailedException {
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), callback,
                new CodeVerifier(login.codeVerifier()));
        URI tokenEndpoint = endpoints.metadata().getTokenEndpointURI();
        TokenRequest request = clientSecret == null
                ? new TokenRequest(tokenEndpoint, clientId, grant)
                : new TokenRequest(tokenEndpoint, new ClientSecretBasic(clientId, clientSecret), grant);
        TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(send(request.toHTTPRequest()));
        } catch (IOException | GeneralException e) {
            LOG.warn("OIDC provider {}: token request failed: {}", id, e.getClass().getSimpleName());
            throw new LoginFailedException(displayName + " did not complete the sign-in");
        }
        if (!response.indicatesSuccess()) {
            ErrorObject error = response.toErrorResponse().getErrorObject();
            LOG.warn("OIDC provider {}: token request refused: {} (HTTP {})", id, error.getCode(),
                    error.getHTTPStatusCode());
            throw new LoginFailedException(displayName + " refused the sign-in; please start again");
        }
        return (OIDCTokenResponse) response.toSuccessResponse();
    }

    private Map<String, Object> verify(Discovery.Endpoints endpoints, JWT idToken, LoginState login)
            throws LoginFailedException {
        if (idToken == null) {
            throw new LoginFailedException(displayName + " sent no ID token");
        }
        try {
            IDTokenClaimsSet verified = endpoints.idTokenValidator().validate(idToken, new Nonce(login.nonce()));
            return new HashMap<>(verified.toJSONObject());
        } catch (com.nimbusds.jose.proc.BadJOSEException | com.nimbusds.jose.JOSEException e) {
            // messages name the failed check (issuer, audience, expiry, nonce, signature), never the token
            LOG.warn("OIDC provider {}: ID token rejected: {}", id, e.getMessage());
            throw new LoginFailedException(displayName + " sent an ID token that is not valid");
        }
    }

    private Map<String, Object> withUserInfo(Discovery.Endpoints endpoints, BearerAccessToken accessToken,
                                             Map<String, Object> verified) throws LoginFailedException {
        try {
            HTTPRequest request = new UserInfoRequest(endpoints.metadata().getUserInfoEndpointURI(), accessToken)
                    .toHTTPRequest();
            UserInfoResponse response = UserInfoResponse.parse(send(request));
            if (!response.indicatesSuccess()) {
                throw new GeneralException("userinfo refused: " + response.toErrorResponse().getErrorObject().getCode());
            }
            Map<String, Object> info = response.toSuccessResponse().getUserInfo().toJSONObject();
            // OIDC Core 5.3.2: userinfo about someone else must not be used
            if (!Objects.equals(info.get("sub"), verified.get("sub"))) {
                throw new GeneralException("userinfo names another subject");
            }
            Map<String, Object> merged = new HashMap<>(info);
            merged.putAll(verified); // the signed claims win
            return merged;
        } catch (IOException | GeneralException e) {
            LOG.warn("OIDC provider {}: userinfo failed: {}", id, e.getMessage());
            throw new LoginFailedException(displayName + " did not complete the sign-in");
        }
    }

    private com.nimbusds.oauth2.sdk.http.HTTPResponse send(HTTPRequest request) throws IOException {
        request.setConnectTimeout(timeoutMillis);
        request.setReadTimeout(timeoutMillis);
        return request.send();
    }
}
