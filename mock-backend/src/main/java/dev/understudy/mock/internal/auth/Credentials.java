package dev.understudy.mock.internal.auth;

import dev.understudy.mock.AuthMode;
import dev.understudy.mock.internal.Ids;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;

import java.util.List;

/**
 * The token of one upgrade request, found once and checked at most once, with the server's decision about it
 * (admit, reject, or admit as a made-up user when relaxed). {@link #finder} attaches it to every request that asks
 * for an upgrade, before the HTTP faults, which scope on its user, and the upgrade, which acts on the decision.
 */
public final class Credentials {

    private static final AttachmentKey<Credentials> KEY = AttachmentKey.create(Credentials.class);

    /** What the server decided about a request's credentials; exactly one of identity and rejection is set. */
    public record Decision(Jwt.Identity identity, String rejection) {
        public boolean admitted() {
            return rejection == null;
        }
    }

    private final TokenExtractor.Offer offer;
    private final Jwt jwt;
    private final AuthMode mode;
    private Decision decision;

    private Credentials(TokenExtractor.Offer offer, Jwt jwt, AuthMode mode) {
        this.offer = offer;
        this.jwt = jwt;
        this.mode = mode;
    }

    /** A handler that finds the token of each upgrade request once and attaches it for the handlers after it. */
    public static HttpHandler finder(Jwt jwt, AuthMode mode, HttpHandler next) {
        return exchange -> {
            if (exchange.getRequestHeaders().getFirst(Headers.UPGRADE) != null) {
                exchange.putAttachment(KEY, new Credentials(TokenExtractor.read(exchange), jwt, mode));
            }
            next.handleRequest(exchange);
        };
    }

    /** The credentials {@link #finder} attached, or null for a request that asks for no upgrade. */
    public static Credentials of(HttpServerExchange exchange) {
        return exchange.getAttachment(KEY);
    }

    /** The token and the subprotocol entries the request offered. */
    public TokenExtractor.Offer offer() {
        return offer;
    }

    /** The mode the decision was made in. */
    public AuthMode mode() {
        return mode;
    }

    /** The decision, made on first call (the token is verified then, and only then). Called on the IO thread. */
    public Decision decision() {
        Decision d = decision;
        if (d == null) {
            d = decide();
            decision = d;
        }
        return d;
    }

    private Decision decide() {
        if (offer.token() == null) {
            if (mode == AuthMode.PERMISSIVE) {
                return new Decision(new Jwt.Identity("relaxed_" + Ids.hex(), null, List.of()), null);
            }
            return new Decision(null, "No authentication token: send it as a 'jwt.<base64url token>' subprotocol, "
                    + "an 'Authorization: Bearer' header or a 'token' query parameter");
        }
        Jwt.Verdict verdict = jwt.verify(offer.token());
        return new Decision(verdict.identity(), verdict.rejection());
    }

    /**
     * The user fault scopes see: the verified {@code sub}, or for a token that was refused the {@code sub} it
     * claims (scopes must know the user even without validation; never used to admit anyone); null without a token.
     */
    public String scopeUser() {
        if (offer.token() == null) {
            return null;
        }
        Decision d = decision();
        return d.identity() != null ? d.identity().userId() : Jwt.unverifiedSubject(offer.token());
    }
}
