package id.go.jatengprov.regencyhub.intake.poll;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import id.go.jatengprov.regencyhub.config.SourceDef;

/**
 * Which addresses one source's poll may reach. A URL is fetched only when its host is the source's own (the host
 * and port of {@code http.url} / {@code ckan.url}) or one the source lists ({@code http.allowed-hosts},
 * {@code ckan.resource-hosts}), and when none of the addresses that host resolves to is loopback, link-local or a
 * cloud metadata address (unless {@code hub.poll.allow-loopback} / {@code allow-link-local}), nor private
 * (unless {@code hub.poll.allow-private-networks}). Every request passes here first, redirects and next pages
 * included: a portal cannot send the hub to an address nobody configured.
 *
 * <p>The JDK's HttpClient resolves the host again when it connects; the JVM's address cache
 * ({@code networkaddress.cache.ttl}, 30 s by default) makes it the answer checked here, unless that cache is off.
 */
final class HostPolicy {

    /** Resolves a host name to all its addresses; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Which address ranges besides public ones a poll may reach (hub.poll.allow-*). */
    record Networks(boolean loopback, boolean linkLocal, boolean privateRanges) {
        static Networks of(PollProperties p) {
            return new Networks(p.isAllowLoopback(), p.isAllowLinkLocal(), p.isAllowPrivateNetworks());
        }

        /** Why an address may not be reached under these networks, or null. */
        String refusal(InetAddress a) {
            InetAddress v4 = embeddedIpv4(a);
            if (v4 != null && v4 != a) {
                String inner = refusal(v4);
                if (inner != null) return inner;
            }
            if (a.isMulticastAddress() || isBroadcast(a)) {
                return "a multicast or broadcast address, which is never polled";
            }
            if (METADATA.stream().anyMatch(m -> Arrays.equals(m.getAddress(), a.getAddress()))) {
                return linkLocal ? null : "a cloud metadata address (the hub's own credentials live there);"
                        + " refused unless hub.poll.allow-link-local=true";
            }
            if (a.isLoopbackAddress() || a.isAnyLocalAddress() || (a instanceof Inet4Address && a.getAddress()[0] == 0)) {
                return loopback ? null : "the hub's own machine (loopback); refused unless hub.poll.allow-loopback=true";
            }
            if (a.isLinkLocalAddress()) {
                return linkLocal ? null : "a link-local address (169.254.0.0/16, fe80::/10);"
                        + " refused unless hub.poll.allow-link-local=true";
            }
            if (isPrivate(a)) {
                return privateRanges ? null : "a private network address (10/8, 172.16/12, 192.168/16, 100.64/10,"
                        + " fc00::/7); refused because hub.poll.allow-private-networks=false";
            }
            return null;
        }
    }

    /** A host and port a source may reach; port -1: the default ports, 80 and 443. */
    record Origin(String host, int port) {
        boolean matches(String h, int p) {
            return host.equals(h) && (port == -1 ? p == 80 || p == 443 : port == p);
        }
    }

    /** Cloud metadata services: AWS, GCP, Azure, OpenStack (169.254.169.254), AWS over IPv6, Alibaba, Oracle. */
    private static final List<InetAddress> METADATA = literals("169.254.169.254", "fd00:ec2::254", "100.100.100.200",
            "192.0.0.192");

    private final String sourceId;
    private final Origin own;
    private final List<Origin> listed;
    private final String listKey;
    private final Networks networks;
    private final Resolver resolver;
    private final boolean secretHeaders;
    private final boolean plainHttpSecrets;

    HostPolicy(String sourceId, URI ownUrl, List<String> listed, String listKey, Networks networks, Resolver resolver,
               boolean secretHeaders, boolean plainHttpSecrets) {
        this.sourceId = sourceId;
        this.own = new Origin(host(ownUrl), port(ownUrl));
        this.listed = new ArrayList<>();
        for (String e : listed == null ? List.<String>of() : listed) this.listed.add(parse(e));
        this.listKey = listKey;
        this.networks = networks;
        this.resolver = resolver;
        this.secretHeaders = secretHeaders;
        this.plainHttpSecrets = plainHttpSecrets;
    }

    /** The policy of an http or ckan source. */
    static HostPolicy of(SourceDef s, Networks networks, Resolver resolver) {
        if (s.kind() == SourceDef.Kind.CKAN) {
            return new HostPolicy(s.id(), URI.create(s.ckan().url()), s.ckan().resourceHosts(), "ckan.resource-hosts",
                    networks, resolver, false, false);
        }
        SourceDef.HttpSpec h = s.http();
        return new HostPolicy(s.id(), URI.create(h.url()), h.allowedHosts(), "http.allowed-hosts", networks, resolver,
                h.hasSecretHeaders(), h.allowPlainHttpSecrets());
    }

    /**
     * Checks a URL before anything is sent to it.
     *
     * @throws PollException saying which host or address was refused and what would allow it; nothing was requested
     * @throws UnknownHostException when the host does not resolve (a DNS failure, which the fetcher may retry)
     */
    void check(URI uri) throws UnknownHostException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new PollException("refused " + HttpFetcher.safe(uri) + ": only http and https addresses are fetched");
        }
        String host = host(uri);
        int port = port(uri);
        if (host == null || host.isEmpty()) {
            throw new PollException("refused " + HttpFetcher.safe(uri) + ": the address has no host");
        }
        if (!own.matches(host, port) && listed.stream().noneMatch(o -> o.matches(host, port))) {
            throw new PollException("refused " + HttpFetcher.safe(uri) + ": " + hostPort(host, port) + " is another host"
                    + " than the source's own (" + hostPort(own.host, own.port) + ") and not listed in " + listKey
                    + "; if the source really serves its data from there, add it to " + listKey + " in the source's file");
        }
        for (InetAddress a : resolver.resolve(bare(host))) {
            String refused = refusal(a);
            if (refused != null) {
                throw new PollException("refused " + HttpFetcher.safe(uri) + ": " + host + " resolves to " + a.getHostAddress()
                        + ", " + refused);
            }
        }
    }

    /** Why an address may not be reached under these networks, or null. */
    String refusal(InetAddress a) {
        return networks.refusal(a);
    }

    /**
     * The source's headers for a request to {@code uri}: all of them to the source's own host, none to any other
     * (a listed host gets no credentials); secret headers never over plain http unless the source allows it.
     */
    Map<String, String> headersFor(URI uri, Map<String, String> headers) {
        if (headers.isEmpty()) return headers;
        if (!own.matches(host(uri), port(uri))) {
            return Map.of();
        }
        if (secretHeaders && !plainHttpSecrets && "http".equalsIgnoreCase(uri.getScheme())) {
            throw new PollException("refused " + HttpFetcher.safe(uri) + ": source '" + sourceId + "' sends secret headers,"
                    + " which never go over plain http://; use https://, or set http.allow-plain-http-secrets: true for a"
                    + " server on the intranet");
        }
        return headers;
    }

    private static List<InetAddress> literals(String... addresses) {
        List<InetAddress> out = new ArrayList<>();
        for (String s : addresses) {
            try {
                out.add(InetAddress.getByName(s)); // a literal: parsed, never looked up
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return List.copyOf(out);
    }

    private static boolean isPrivate(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            return a.isSiteLocalAddress() || (first == 100 && second >= 64 && second <= 127); // + shared 100.64/10
        }
        return a.isSiteLocalAddress() || (b[0] & 0xFE) == 0xFC; // fec0::/10 (old site-local), fc00::/7 (unique local)
    }

    private static boolean isBroadcast(InetAddress a) {
        return a instanceof Inet4Address && a.getHostAddress().equals("255.255.255.255");
    }

    /** The IPv4 address inside an IPv4-compatible (::/96), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    static InetAddress embeddedIpv4(InetAddress a) {
        if (!(a instanceof Inet6Address)) return a;
        byte[] b = a.getAddress();
        byte[] v4 = null;
        if (allZero(b, 0, 12) && !allZero(b, 12, 16)) {
            v4 = new byte[] {b[12], b[13], b[14], b[15]};
        } else if ((b[0] & 0xFF) == 0x00 && (b[1] & 0xFF) == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B
                && allZero(b, 4, 12)) {
            v4 = new byte[] {b[12], b[13], b[14], b[15]};
        } else if ((b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x02) {
            v4 = new byte[] {b[2], b[3], b[4], b[5]};
        }
        if (v4 == null) return null;
        try {
            return InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] != 0) return false;
        return true;
    }

    private static Origin parse(String entry) {
        String e = entry.trim().toLowerCase(Locale.ROOT);
        int close = e.lastIndexOf(']');
        int colon = e.lastIndexOf(':');
        if (colon > close && (close >= 0 || e.indexOf(':') == colon)) {
            return new Origin(e.substring(0, colon).replaceFirst("\\.$", ""), Integer.parseInt(e.substring(colon + 1)));
        }
        return new Origin(e.replaceFirst("\\.$", ""), -1);
    }

    private static String host(URI uri) {
        String h = uri.getHost();
        return h == null ? null : h.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) return uri.getPort();
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** A host as the resolver wants it: an IPv6 literal without its brackets. */
    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String hostPort(String host, int port) {
        return port == -1 ? host : host + ":" + port;
    }
}
