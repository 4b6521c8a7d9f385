package id.go.jatengprov.regencyhub.intake.poll;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The HTTP client's own name lookup, checked again at the moment it connects: an address the hub's networks
 * (hub.poll.allow-*) refuse is never connected to, even if the name resolved to an allowed address a moment earlier
 * when {@link HostPolicy#check} looked (DNS rebinding). Which hosts a source may reach is HostPolicy's question;
 * this class only refuses address ranges.
 */
final class CheckedDnsResolver extends SystemDefaultDnsResolver {

    private final HostPolicy.Networks networks;

    CheckedDnsResolver(HostPolicy.Networks networks) {
        this.networks = networks;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] all = super.resolve(host);
        InetAddress[] allowed = Arrays.stream(all).filter(a -> networks.refusal(a) == null).toArray(InetAddress[]::new);
        if (allowed.length == 0) {
            throw new Refused("refused " + host + " at connect time: it now resolves to "
                    + all[0].getHostAddress() + ", " + networks.refusal(all[0]));
        }
        return allowed;
    }

    /** A name whose every address the hub's networks refuse: not a DNS failure to retry, a refusal. */
    static final class Refused extends UnknownHostException {
        Refused(String message) {
            super(message);
        }
    }
}
