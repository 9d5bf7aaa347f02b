package io.dynakey.gateway.server;

import io.dynakey.gateway.service.Caller;
import io.dynakey.gateway.service.Reply;
import io.dynakey.gateway.service.SessionKeys;
import java.security.Principal;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.ServerMessageDeliverer;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;

/**
 * Admits a request only from an authenticated caller: the DTLS PSK identity becomes a
 * {@link Caller} and {@link SessionKeys#admit} may refuse it (revoked, flooding) before any
 * resource runs. The first request on a session opened with a pending key commits that key.
 */
final class CallerDeliverer extends ServerMessageDeliverer {

    private final SessionKeys sessions;

    CallerDeliverer(Resource root, SessionKeys sessions) {
        super(root);
        this.sessions = sessions;
    }

    @Override
    protected boolean preDeliverRequest(Exchange exchange) {
        Caller caller = callerOf(exchange, sessions);
        Reply refusal = caller == null ? Reply.error(Reply.Code.UNAUTHORIZED, "no recognised DTLS identity")
                : sessions.admit(caller);
        if (refusal == null) {
            return false;
        }
        Response response = new Response(ResponseCode.valueOf(refusal.code().value()));
        response.setPayload(refusal.diagnostic());
        exchange.sendResponse(response);
        return true;
    }

    /** The caller named by the exchange's DTLS identity, or null. */
    static Caller callerOf(Exchange exchange, SessionKeys sessions) {
        Principal p = exchange.getRequest().getSourceContext().getPeerIdentity();
        if (p instanceof PreSharedKeyIdentity psk) {
            return sessions.callerOf(psk.getIdentity());
        }
        return null;
    }
}
