package io.dynakey.gateway.server;

import io.dynakey.gateway.service.SessionKeys;
import java.net.InetSocketAddress;
import javax.crypto.SecretKey;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.californium.scandium.util.ServerNames;

/**
 * Scandium's PSK lookup answered from {@link SessionKeys}: a device identity
 * {@code dk:<id>:<epoch>} gets that epoch's key if it may open a session (pending, current, or
 * retiring in its grace window), the operator identity gets the operator key, anything else
 * fails the handshake. Secret derivation (plain PSK and ECDHE-PSK) is left to Scandium's own
 * single-key store, built per lookup. Thread-safe.
 */
final class KeyStorePskStore implements AdvancedPskStore {

    private final SessionKeys keys;

    KeyStorePskStore(SessionKeys keys) {
        this.keys = keys;
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return true;
    }

    @Override
    public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverName, PskPublicInformation identity,
                                                  String hmacAlgorithm, SecretKey otherSecret, byte[] seed,
                                                  boolean useExtendedMasterSecret) {
        byte[] key = keys.keyFor(identity.getPublicInfoAsString());
        if (key == null) {
            return new PskSecretResult(cid, identity, null);
        }
        AdvancedSinglePskStore single = new AdvancedSinglePskStore(identity, key);
        java.util.Arrays.fill(key, (byte) 0);
        try {
            return single.requestPskSecretResult(cid, serverName, identity, hmacAlgorithm, otherSecret, seed,
                    useExtendedMasterSecret);
        } finally {
            try {
                single.destroy();
            } catch (javax.security.auth.DestroyFailedException ignored) {
                // best effort wipe
            }
        }
    }

    @Override
    public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
        return null;
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // lookups complete synchronously
    }

}
