package dev.understudy.mock.internal.control;

import dev.understudy.mock.internal.http.Http;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Keeps web pages on other origins away from the admin API (which needs no token on loopback): a request a browser
 * sent for a page of another origin is refused with 403, and a state-changing request must carry JSON, so that no
 * HTML form can post one (415).
 *
 * <ul>
 *   <li>{@code Origin}, when sent, must be the admin port's own ({@code http://127.0.0.1:P}, {@code http://localhost:P},
 *       {@code http://[::1]:P} or the bound host at that port);</li>
 *   <li>{@code Sec-Fetch-Site}, when sent, must be {@code same-origin} or {@code none} (typed into the address bar):
 *       {@code same-site} is refused too, since every port of 127.0.0.1 is the same site;</li>
 *   <li>on a loopback bind, {@code Host} must name loopback or the bound host, so that a page whose own name
 *       resolves to 127.0.0.1 (DNS rebinding) is refused even where the browser sends no {@code Origin};</li>
 *   <li>{@code POST}, {@code PUT}, {@code PATCH} and {@code DELETE} with a {@code Content-Type} take only
 *       {@code application/json}; no content type at all (curl's {@code -XPOST} with no body, the JDK's client) is
 *       accepted.</li>
 * </ul>
 * No CORS header is ever sent, so a preflight from elsewhere (which carries {@code Origin}) gets the 403.
 * curl, the Java API, the Python plugin and a page served by the admin port itself send none of what is refused.
 */
public final class BrowserGuard implements HttpHandler {

    private static final HttpString SEC_FETCH_SITE = new HttpString("Sec-Fetch-Site");
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");

    private final HttpHandler next;
    private final String boundHost;
    private final boolean checkHost;
    private final IntSupplier port;

    /**
     * @param boundHost the admin API's bind address
     * @param loopback  whether that address is loopback (then the {@code Host} header is checked too)
     * @param port      the admin port, known once the listener is open
     */
    public BrowserGuard(String boundHost, boolean loopback, IntSupplier port, HttpHandler next) {
        this.next = next;
        this.boundHost = boundHost.contains(":") && !boundHost.startsWith("[") ? "[" + boundHost + "]" : boundHost;
        this.checkHost = loopback;
        this.port = port;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        String problem = problem(ex);
        if (problem != null) {
            Http.detail(ex, 403, problem);
            return;
        }
        if (changesState(ex.getRequestMethod())) {
            String type = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
            if (type != null && !isJson(type)) {
                Http.detail(ex, 415, "The admin API takes application/json, got Content-Type '" + type
                        + "': send -H 'Content-Type: application/json'");
                return;
            }
        }
        next.handleRequest(ex);
    }

    private String problem(HttpServerExchange ex) {
        String site = ex.getRequestHeaders().getFirst(SEC_FETCH_SITE);
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return "The admin API answers no page of another origin (Sec-Fetch-Site: " + site + ")";
        }
        String origin = ex.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin != null && !ownOrigin(origin)) {
            return "The admin API answers no page of another origin (Origin: " + origin + ")";
        }
        if (checkHost) {
            String host = ex.getRequestHeaders().getFirst(Headers.HOST);
            if (host != null && !ownHost(host)) {
                return "The admin API answers only requests addressed to loopback (Host: " + host + ")";
            }
        }
        return null;
    }

    private boolean ownOrigin(String origin) {
        String o = origin.toLowerCase(Locale.ROOT);
        if (!o.startsWith("http://")) {
            return false;
        }
        return ownAuthority(o.substring("http://".length()), false);
    }

    private boolean ownHost(String host) {
        return ownAuthority(host.toLowerCase(Locale.ROOT), true);
    }

    /** {@code name:port} naming this listener; with {@code portOptional}, a bare name too (a Host without port). */
    private boolean ownAuthority(String authority, boolean portOptional) {
        int colon = authority.lastIndexOf(':');
        String name;
        if (colon < 0 || authority.endsWith("]")) {
            if (!portOptional) {
                return false;
            }
            name = authority;
        } else {
            name = authority.substring(0, colon);
            if (!authority.substring(colon + 1).equals(Integer.toString(port.getAsInt()))) {
                return false;
            }
        }
        return LOOPBACK_NAMES.contains(name) || name.equalsIgnoreCase(boundHost);
    }

    private static boolean changesState(HttpString method) {
        return method.equals(Methods.POST) || method.equals(Methods.PUT) || method.equals(Methods.DELETE)
                || method.equals(Methods.PATCH);
    }

    private static boolean isJson(String contentType) {
        int semi = contentType.indexOf(';');
        String media = (semi < 0 ? contentType : contentType.substring(0, semi)).strip();
        return media.equalsIgnoreCase("application/json");
    }
}
