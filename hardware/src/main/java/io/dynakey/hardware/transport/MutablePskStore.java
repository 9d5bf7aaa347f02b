package io.dynakey.hardware.transport;

import java.net.InetSocketAddress;
import javax.crypto.SecretKey;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.californium.scandium.util.ServerNames;

/** A client PSK store whose one identity and key can be replaced (the device rotated). Thread-safe. */
final class MutablePskStore implements AdvancedPskStore {

    private volatile AdvancedSinglePskStore current;

    void set(String identity, byte[] key) {
        AdvancedSinglePskStore old = current;
        current = new AdvancedSinglePskStore(identity, key);
        wipe(old);
    }

    void destroy() {
        AdvancedSinglePskStore old = current;
        current = null;
        wipe(old);
    }

    static void wipe(AdvancedSinglePskStore s) {
        if (s != null) {
            try {
                s.destroy();
            } catch (javax.security.auth.DestroyFailedException ignored) {
                // best effort: the store's key copy is left to the garbage collector
            }
        }
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return true;
    }

    @Override
    public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverName, PskPublicInformation identity,
                                                  String hmacAlgorithm, SecretKey otherSecret, byte[] seed,
                                                  boolean useExtendedMasterSecret) {
        AdvancedSinglePskStore s = current;
        if (s == null) {
            return new PskSecretResult(cid, identity, null);
        }
        return s.requestPskSecretResult(cid, serverName, identity, hmacAlgorithm, otherSecret, seed, useExtendedMasterSecret);
    }

    @Override
    public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
        AdvancedSinglePskStore s = current;
        return s == null ? null : s.getIdentity(peerAddress, virtualHost);
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // synchronous
    }
}
