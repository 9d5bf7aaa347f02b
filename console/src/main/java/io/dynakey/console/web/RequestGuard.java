package io.dynakey.console.web;

import io.dynakey.console.OperatorToken;
import java.util.Set;

/**
 * The console's checks before it serves a request, over plain header values (no HTTP types):
 * <ul>
 * <li>every request: the {@code Host} header names this console ({@code 127.0.0.1:port},
 *     {@code localhost:port}, the bind address), against DNS rebinding;</li>
 * <li>every POST (cross-site request forgery): {@code Sec-Fetch-Site}, when sent, is
 *     {@code same-origin} or {@code none}; {@code Origin}, when sent, is this console's origin;</li>
 * <li>every action: the operator token in the {@value #TOKEN_HEADER} header (a custom header,
 *     which a cross-origin page cannot send without a CORS preflight that this console never
 *     grants), compared in constant time.</li>
 * </ul>
 * Thread-safe.
 */
public final class RequestGuard {

    /** Header that carries the operator token. */
    public static final String TOKEN_HEADER = "X-Dynakey-Token";

    private final OperatorToken token;
    private volatile Set<String> hosts = Set.of();

    public RequestGuard(OperatorToken token) {
        this.token = token;
    }

    /** The host names the console answers to, once its port is known. */
    public void listeningOn(String bindAddress, int port) {
        hosts = Set.copyOf(java.util.List.of("127.0.0.1:" + port, "localhost:" + port, bindAddress + ":" + port, "[::1]:" + port));
    }

    /** Why a request with this {@code Host} is refused, or null to serve it. */
    String checkHost(String host) {
        return host != null && hosts.contains(host.toLowerCase(java.util.Locale.ROOT)) ? null
                : "unknown Host: the console answers to " + hosts;
    }

    /** Why a state-changing request from this origin is refused, or null. */
    String checkSameOrigin(String host, String origin, String secFetchSite) {
        if (secFetchSite != null && !secFetchSite.equals("same-origin") && !secFetchSite.equals("none")) {
            return "cross-site request refused (Sec-Fetch-Site: " + secFetchSite + ")";
        }
        if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
            return "cross-origin request refused";
        }
        return null;
    }

    /** Why an action with this token header is refused, or null. */
    String checkToken(String presented) {
        if (presented == null || presented.isEmpty()) {
            return "the operator token is required (" + TOKEN_HEADER + " header)";
        }
        return token.matches(presented) ? null : "wrong operator token";
    }
}
