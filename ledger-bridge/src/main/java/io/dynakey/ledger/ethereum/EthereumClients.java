package io.dynakey.ledger.ethereum;

import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** web3j clients for a JSON-RPC URL with bounded timeouts (a node that hangs shows as unavailable). */
public final class EthereumClients {

    private EthereumClients() {
    }

    /** A web3j client for {@code url}; connect, read and write time out after {@code timeoutMillis}. */
    public static Web3j http(String url, long timeoutMillis) {
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .writeTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .build();
        return Web3j.build(new HttpService(url, http));
    }
}
