package dev.parallelrun.canary;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Docker's DNS answers a service's name (and a network alias such as a replica's) with the address of every running
 * container: the instances nginx spreads the version's requests over, and the ones whose metrics are summed.
 */
class DnsInstanceResolver implements InstanceResolver {

    private final int port;

    DnsInstanceResolver(int port) {
        this.port = port;
    }

    @Override
    public List<URI> instances(String version) {
        try {
            return Arrays.stream(InetAddress.getAllByName(version))
                    .map(address -> URI.create("http://" + address.getHostAddress() + ":" + port)).toList();
        }
        catch (UnknownHostException noneRunning) {
            return List.of();
        }
    }
}
