package org.csghub.testing.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a browser does between the hub's redirect to Keycloak and the redirect back: open the authorization URI
 * (keeping Keycloak's cookies), find the login form in its HTML, post the username and password, and hand back
 * the callback URI Keycloak redirects to (with {@code code} and {@code state}) without following it.
 * One instance is one browser session; use a new one per login unless testing single sign-on.
 *
 * <p>It keeps cookies itself: Keycloak marks its session cookies {@code Secure} even on http://127.0.0.1 (browsers
 * treat loopback as a secure context), and {@link java.net.CookieManager} sends {@code Secure} cookies over https
 * only. One host and one realm per login, so names and values are all it needs to keep.
 */
public final class BrowserLogin {

    // Keycloak's login theme: <form id="kc-form-login" ... action="...">, attributes in any order
    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*\\bid=\"kc-form-login\"[^>]*>", Pattern.DOTALL);
    private static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** Signs in; returns the callback URI with its query, or fails when Keycloak shows anything but a redirect. */
    public URI login(URI authorizationUri, String username, String password) {
        HttpResponse<String> page = send(HttpRequest.newBuilder(authorizationUri).GET());
        if (page.statusCode() != 200) {
            throw new IllegalStateException("the authorization URI answered " + page.statusCode() + ": " + page.body());
        }
        URI action = authorizationUri.resolve(formAction(page.body()));
        String form = "username=" + encode(username) + "&password=" + encode(password) + "&credentialId=";
        HttpResponse<String> answer = send(HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (answer.statusCode() != 302 || answer.headers().firstValue("Location").isEmpty()) {
            throw new IllegalStateException("signing in answered " + answer.statusCode() + " instead of a redirect");
        }
        return URI.create(answer.headers().firstValue("Location").get());
    }

    static String formAction(String html) {
        Matcher form = LOGIN_FORM.matcher(html);
        if (!form.find()) {
            throw new IllegalStateException("no login form (kc-form-login) in the page");
        }
        Matcher action = ACTION.matcher(form.group());
        if (!action.find()) {
            throw new IllegalStateException("the login form has no action");
        }
        return action.group(1).replace("&amp;", "&");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> answer = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String set : answer.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
