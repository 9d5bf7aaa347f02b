package io.dynakey.gateway.server;

import io.dynakey.gateway.service.Caller;
import io.dynakey.gateway.service.SessionKeys;
import java.security.Principal;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;

/**
 * Counts every block of a block-wise upload against the sending device's request limit. Californium
 * reassembles Block1 uploads below the resources, so without this a device could send blocks at
 * any rate. A block above the limit is dropped before the block-wise layer sees it (the sender
 * gets no answer and retransmits into the same limit); the reassembled request is then admitted
 * or refused by {@link CallerDeliverer} like any other. Unauthenticated messages are left to the
 * deliverer, which refuses them.
 */
final class BlockLimiter extends MessageInterceptorAdapter {

    private final SessionKeys sessions;

    BlockLimiter(SessionKeys sessions) {
        this.sessions = sessions;
    }

    @Override
    public void receiveRequest(Request request) {
        BlockOption block1 = request.getOptions().getBlock1();
        if (block1 == null || (block1.getNum() == 0 && !block1.isM())) {
            return; // not block-wise: the deliverer counts it
        }
        Principal p = request.getSourceContext().getPeerIdentity();
        Caller caller = p instanceof PreSharedKeyIdentity psk ? sessions.callerOf(psk.getIdentity()) : null;
        if (caller != null && !sessions.admitBlock(caller)) {
            request.setCanceled(true);
        }
    }
}
