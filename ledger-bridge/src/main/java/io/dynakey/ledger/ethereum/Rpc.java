package io.dynakey.ledger.ethereum;

import java.io.IOException;
import org.web3j.protocol.core.Response;

/** One JSON-RPC round trip: transport failures become "unavailable", JSON-RPC errors refusals. */
final class Rpc {

    private Rpc() {
    }

    /** A request to send. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws IOException;
    }

    static <T extends Response<?>> T call(Call<T> c) throws ChainException {
        T r;
        try {
            r = c.run();
        } catch (IOException e) {
            throw new ChainException("RPC failed: " + e.getMessage(), true, e);
        } catch (RuntimeException e) {
            throw new ChainException("RPC failed: " + e, true, e);
        }
        if (r.hasError()) {
            Response.Error err = r.getError();
            throw new ChainException("node refused: " + err.getMessage() + (err.getData() == null ? "" : " " + err.getData()),
                    false, null);
        }
        return r;
    }
}
