package io.dynakey.gateway.server;

import java.net.InetSocketAddress;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.security.auth.DestroyFailedException;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.californium.scandium.util.ServerNames;

/**
 * Scandium's server-side PSK lookup answered by a {@link Lookup}: the gateway's passes
 * {@code SessionKeys::keyFor} (a device identity {@code dk:<id>:<epoch>} gets that epoch's key if
 * it may open a session, the operator identity the operator key), a benchmark's baseline server
 * its own table. An identity without a key fails the handshake. Secret derivation (plain PSK
 * and ECDHE-PSK) is left to Scandium's own single-key store, built per lookup and destroyed
 * after it; the looked-up key is wiped. Thread-safe when the lookup is.
 */
public final class LookupPskStore implements AdvancedPskStore {

    /** The PSK of one identity. */
    @FunctionalInterface
    public interface Lookup {
        /** The PSK for {@code identity} as a fresh copy (the store wipes it), or null when none may open a session. */
        byte[] keyFor(String identity);
    }

    private final Lookup lookup;

    public LookupPskStore(Lookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return true;
    }

    @Override
    public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverName, PskPublicInformation identity,
                                                  String hmacAlgorithm, SecretKey otherSecret, byte[] seed,
                                                  boolean useExtendedMasterSecret) {
        byte[] key = lookup.keyFor(identity.getPublicInfoAsString());
        if (key == null) {
            return new PskSecretResult(cid, identity, null);
        }
        AdvancedSinglePskStore single = new AdvancedSinglePskStore(identity, key);
        Arrays.fill(key, (byte) 0);
        try {
            return single.requestPskSecretResult(cid, serverName, identity, hmacAlgorithm, otherSecret, seed,
                    useExtendedMasterSecret);
        } finally {
            try {
                single.destroy();
            } catch (DestroyFailedException ignored) {
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
