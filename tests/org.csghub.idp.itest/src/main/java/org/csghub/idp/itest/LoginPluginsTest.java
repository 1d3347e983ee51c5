package org.csghub.idp.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.csghub.accounts.api.ExternalIdentity;
import org.csghub.accounts.api.ExternalIdentity.Membership;
import org.csghub.accounts.api.IdentityProvider;
import org.csghub.accounts.api.LoginFailedException;
import org.csghub.accounts.api.LoginRedirect;
import org.csghub.accounts.api.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Each login plugin, configured through ConfigAdmin as an operator would, registers its IdentityProvider and
 * completes a login against a stand-in provider, with its embedded libraries doing discovery, token exchange
 * and signature checks inside the framework. Removing the configuration removes the provider.
 */
class LoginPluginsTest {

    private static final URI CALLBACK = URI.create("http://127.0.0.1:8080/api/v1/auth/callback");
    private static final BundleContext CONTEXT = FrameworkUtil.getBundle(LoginPluginsTest.class).getBundleContext();

    private static TestKey key;
    private static StandIn provider;
    private static final Map<String, String> nonceByCode = new ConcurrentHashMap<>();

    @BeforeAll
    static void standIn() throws Exception {
        key = TestKey.generate(Files.createTempDirectory("idp-itest"));
        provider = new StandIn();
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    @Test
    void theOidcPluginLogsInThroughItsEmbeddedNimbus() throws Exception {
        String issuer = provider.base() + "/oidc";
        provider.on("/oidc/.well-known/openid-configuration", (p, auth) -> "{\"issuer\":\"" + issuer + "\","
                + "\"authorization_endpoint\":\"" + issuer + "/auth\",\"token_endpoint\":\"" + issuer + "/token\","
                + "\"jwks_uri\":\"" + issuer + "/jwks\",\"response_types_supported\":[\"code\"],"
                + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
        provider.on("/oidc/jwks", (p, auth) -> key.jwks());
        provider.on("/oidc/token", (p, auth) -> {
            String basic = "Basic " + Base64.getEncoder().encodeToString("hub:oidc-secret".getBytes(StandardCharsets.UTF_8));
            String nonce = nonceByCode.remove(p.get("code"));
            if (!basic.equals(auth) || nonce == null || p.get("code_verifier") == null) {
                throw new IllegalArgumentException("refused");
            }
            long now = Instant.now().getEpochSecond();
            String idToken = key.sign("{\"iss\":\"" + issuer + "\",\"sub\":\"u-1\",\"aud\":\"hub\",\"exp\":" + (now + 300)
                    + ",\"iat\":" + now + ",\"nonce\":\"" + nonce + "\",\"preferred_username\":\"alice\","
                    + "\"email\":\"alice@example.org\",\"email_verified\":true,\"name\":\"Alice\",\"groups\":[\"ml-team\"]}");
            return "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":300,\"id_token\":\"" + idToken + "\"}";
        });

        Configuration config = factoryConfiguration("org.csghub.idp.oidc", Map.of("id", "stand-in", "issuer", issuer,
                "clientId", "hub", ".clientSecret", "oidc-secret", "groupMapping", new String[] {"ml-team=ml-team:write"}));
        try {
            IdentityProvider oidc = awaitProvider("stand-in");
            assertThat(oidc.kind()).isEqualTo(IdentityProvider.Kind.REDIRECT);
            LoginRedirect redirect = oidc.begin(CALLBACK);
            Map<String, String> request = StandIn.parse(redirect.authorizationUri().getRawQuery());
            nonceByCode.put("code-1", request.get("nonce")); // the person signs in at the provider

            ExternalIdentity alice = oidc.complete(CALLBACK, Map.of("code", "code-1", "state", redirect.state()),
                    redirect.privateState());
            assertThat(alice).isEqualTo(new ExternalIdentity("stand-in", "u-1", "alice", "alice@example.org", "Alice",
                    null, List.of(new Membership("ml-team", Role.WRITE))));
            assertThatThrownBy(() -> oidc.complete(CALLBACK, Map.of("code", "code-1", "state", redirect.state()),
                    redirect.privateState())).isInstanceOf(LoginFailedException.class);
        } finally {
            config.delete();
        }
        assertThat(providerNow("stand-in")).as("the provider goes with its configuration").isNull();
    }

    @Test
    void theCasdoorPluginLogsInThroughItsEmbeddedSdk() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("door-client:door-secret".getBytes(StandardCharsets.UTF_8));
        provider.on("/api/login/oauth/access_token", (p, auth) -> {
            if (!"door-secret".equals(p.get("client_secret")) || !"code-2".equals(p.get("code"))) {
                throw new IllegalArgumentException("refused");
            }
            long now = Instant.now().getEpochSecond();
            String token = key.sign("{\"iss\":\"" + provider.base() + "\",\"sub\":\"c-7\",\"aud\":[\"door-client\"],\"exp\":"
                    + (now + 300) + ",\"iat\":" + now + ",\"owner\":\"acme\",\"name\":\"bob\",\"id\":\"c-7\","
                    + "\"displayName\":\"Bob\",\"email\":\"bob@example.org\",\"avatar\":\"\",\"isAdmin\":false}");
            return "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":300}";
        });
        provider.on("/api/get-user", (p, auth) -> basic.equals(auth) && "acme/bob".equals(p.get("id"))
                ? "{\"status\":\"ok\",\"msg\":\"\",\"data\":{\"owner\":\"acme\",\"name\":\"bob\",\"id\":\"c-7\","
                        + "\"groups\":[\"acme/admins\"],\"isForbidden\":false},\"data2\":null}"
                : "{\"status\":\"error\",\"msg\":\"Unauthorized operation\"}");

        Configuration config = factoryConfiguration("org.csghub.idp.casdoor", Map.of("id", "door",
                "endpoint", provider.base().toString(), "clientId", "door-client", ".clientSecret", "door-secret",
                "certificate", key.certificatePem(), "organizationName", "acme", "applicationName", "hub",
                "groupMapping", new String[] {"admins=acme:admin"}));
        try {
            IdentityProvider casdoor = awaitProvider("door");
            LoginRedirect redirect = casdoor.begin(CALLBACK);
            assertThat(redirect.authorizationUri().toString()).startsWith(provider.base() + "/login/oauth/authorize?");

            ExternalIdentity bob = casdoor.complete(CALLBACK, Map.of("code", "code-2", "state", redirect.state()),
                    redirect.privateState());
            assertThat(bob).isEqualTo(new ExternalIdentity("door", "c-7", "bob", "bob@example.org", "Bob", null,
                    List.of(new Membership("acme", Role.ADMIN))));
        } finally {
            config.delete();
        }
    }

    @Test
    void thePluginsDescribeThemselvesAndExportNothing() {
        for (String name : List.of("org.csghub.idp.oidc", "org.csghub.idp.casdoor")) {
            Bundle bundle = List.of(CONTEXT.getBundles()).stream().filter(b -> name.equals(b.getSymbolicName()))
                    .findFirst().orElseThrow();
            assertThat(bundle.getState()).isEqualTo(Bundle.ACTIVE);
            assertThat(bundle.getHeaders().get("Export-Package")).as(name).isNull();
            assertThat(bundle.getHeaders().get("Provide-Capability")).as(name).contains("csghub.plugin").contains("category=idp");
        }
    }

    private static Configuration factoryConfiguration(String pid, Map<String, Object> properties) throws Exception {
        ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> tracker = new ServiceTracker<>(CONTEXT, ConfigurationAdmin.class, null);
        tracker.open();
        try {
            ConfigurationAdmin admin = tracker.waitForService(10_000);
            Configuration config = admin.getFactoryConfiguration(pid, (String) properties.get("id"), "?");
            Dictionary<String, Object> dictionary = new Hashtable<>(properties);
            config.update(dictionary);
            return config;
        } finally {
            tracker.close();
        }
    }

    private static IdentityProvider awaitProvider(String id) throws Exception {
        ServiceTracker<IdentityProvider, IdentityProvider> tracker = new ServiceTracker<>(CONTEXT,
                CONTEXT.createFilter("(&(objectClass=" + IdentityProvider.class.getName() + ")(id=" + id + "))"), null);
        tracker.open();
        IdentityProvider found = tracker.waitForService(10_000);
        assertThat(found).as("IdentityProvider " + id).isNotNull();
        assertThat(tracker.getServiceReference().getProperty(".clientSecret")).as("the secret stays private").isNull();
        return found; // the tracker stays open while the test uses the service
    }

    private static IdentityProvider providerNow(String id) throws Exception {
        Thread.sleep(500); // the configuration's deletion reaches DS asynchronously
        var refs = CONTEXT.getServiceReferences(IdentityProvider.class, "(id=" + id + ")");
        return refs.isEmpty() ? null : CONTEXT.getService(refs.iterator().next());
    }
}
