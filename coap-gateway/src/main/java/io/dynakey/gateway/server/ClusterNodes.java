package io.dynakey.gateway.server;

import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.californium.scandium.DtlsClusterConnector;

/**
 * The nodes of a DTLS connection-ID cluster as configured ({@code gateway.cluster.nodes}): node id
 * to the cluster-internal address records of its connections are forwarded to. A static list;
 * every node is taken as available (a dead node's records are lost, and its devices' retries
 * handshake again on a live node). Immutable.
 */
final class ClusterNodes implements DtlsClusterConnector.ClusterNodesProvider {

    /** Connection-id length of a cluster node: the node id byte and 3 random bytes. */
    static final int CID_LENGTH = 4;

    private final Map<Integer, InetSocketAddress> nodes;

    private ClusterNodes(Map<Integer, InetSocketAddress> nodes) {
        this.nodes = nodes;
    }

    /**
     * The configured cluster.
     *
     * @throws IllegalArgumentException naming the setting, for a malformed list or address, or a node id missing from the list
     */
    static ClusterNodes of(GatewayConfig cfg) {
        String list = cfg.get(GatewaySettings.CLUSTER_NODES);
        String key = GatewaySettings.CLUSTER_NODES.key();
        if (list == null || cfg.get(GatewaySettings.CLUSTER_ADDRESS) == null) {
            throw new IllegalArgumentException(GatewaySettings.CLUSTER_NODE_ID.key() + " is set: set "
                    + GatewaySettings.CLUSTER_ADDRESS.key() + " and " + key + " too");
        }
        Map<Integer, InetSocketAddress> nodes = new TreeMap<>();
        for (String entry : list.split(",")) {
            String[] idAddress = entry.strip().split("=", 2);
            try {
                int id = Integer.parseInt(idAddress[0].strip());
                if (id < 1 || id > 255 || idAddress.length != 2) {
                    throw new NumberFormatException();
                }
                nodes.put(id, address(idAddress[1].strip(), key));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": '" + entry.strip() + "' is not ID=HOST:PORT with ID 1..255");
            }
        }
        if (!nodes.containsKey(cfg.get(GatewaySettings.CLUSTER_NODE_ID))) {
            throw new IllegalArgumentException(key + " does not name this node (" + cfg.get(GatewaySettings.CLUSTER_NODE_ID) + ")");
        }
        return new ClusterNodes(nodes);
    }

    /** HOST:PORT as an address. */
    static InetSocketAddress address(String hostPort, String key) {
        int colon = hostPort.lastIndexOf(':');
        try {
            if (colon <= 0) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": '" + hostPort + "' is not HOST:PORT");
        }
    }

    @Override
    public InetSocketAddress getClusterNode(int nodeId) {
        return nodes.get(nodeId);
    }

    @Override
    public boolean available(InetSocketAddress destinationConnector) {
        return true;
    }
}
