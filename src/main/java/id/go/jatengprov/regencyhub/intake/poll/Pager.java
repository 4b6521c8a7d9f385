package id.go.jatengprov.regencyhub.intake.poll;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How a JSON source is paged: the address of the first page, and after each page the next one (or null).
 * One implementation per {@code http.paging.style}: {@code offset}, {@code page}, {@code next}, or none.
 */
interface Pager {

    /** What a page said about paging: how many records it held, and the values at the paging pointers. */
    record PageInfo(int records, Map<String, String> values) {}

    URI first();

    /**
     * @param page    0-based index of the page just read
     * @param current the address it came from
     * @param fetched records fetched so far, this page included
     */
    URI next(int page, URI current, PageInfo info, long fetched);

    /** JSON pointers whose values the pager needs from each page (a total, a page count, a next link). */
    Set<String> pointers();

    static Pager of(URI first, Map<String, String> paging) {
        Map<String, String> p = paging == null ? Map.of() : paging;
        int size = Integer.parseInt(p.getOrDefault("size", "1000"));
        return switch (p.getOrDefault("style", "none")) {
            case "offset" -> new Offset(first, p, size);
            case "page" -> new PageNumber(first, p, size);
            case "next" -> new NextLink(first, p);
            default -> new Single(first);
        };
    }

    /** One request, no paging. */
    record Single(URI first) implements Pager {
        @Override public URI next(int page, URI current, PageInfo info, long fetched) { return null; }
        @Override public Set<String> pointers() { return Set.of(); }
    }

    /** {@code ?offset=N&limit=SIZE}: stops at a short or empty page, or once {@code total} records came. */
    final class Offset implements Pager {
        private final URI base;
        private final int size;
        private final String offsetParam;
        private final String limitParam;
        private final String total;

        Offset(URI base, Map<String, String> p, int size) {
            this.base = base;
            this.size = size;
            this.offsetParam = p.getOrDefault("offset-param", "offset");
            this.limitParam = p.getOrDefault("limit-param", "limit");
            this.total = p.get("total");
        }

        @Override public URI first() { return at(0); }

        private URI at(int index) {
            return withQuery(base, offsetParam, String.valueOf((long) index * size), limitParam, String.valueOf(size));
        }

        @Override public URI next(int page, URI current, PageInfo info, long fetched) {
            if (info.records() < size || info.records() == 0) return null;
            String t = total == null ? null : info.values().get(total);
            if (t != null && fetched >= parseLong(t, "total")) return null;
            return at(page + 1);
        }

        @Override public Set<String> pointers() { return total == null ? Set.of() : Set.of(total); }
    }

    /** {@code ?page=N} (1-based, optionally with a limit): stops at an empty page or after {@code pages} pages. */
    final class PageNumber implements Pager {
        private final URI base;
        private final int size;
        private final String pageParam;
        private final String limitParam;
        private final String pages;

        PageNumber(URI base, Map<String, String> p, int size) {
            this.base = base;
            this.size = size;
            this.pageParam = p.getOrDefault("page-param", "page");
            this.limitParam = p.get("limit-param");
            this.pages = p.get("pages");
        }

        @Override public URI first() { return at(0); }

        private URI at(int index) {
            return limitParam == null ? withQuery(base, pageParam, String.valueOf(index + 1), null, null)
                    : withQuery(base, pageParam, String.valueOf(index + 1), limitParam, String.valueOf(size));
        }

        @Override public URI next(int page, URI current, PageInfo info, long fetched) {
            if (info.records() == 0) return null;
            String n = pages == null ? null : info.values().get(pages);
            if (n != null && page + 1 >= parseLong(n, "pages")) return null;
            return at(page + 1);
        }

        @Override public Set<String> pointers() { return pages == null ? Set.of() : Set.of(pages); }
    }

    /**
     * A next-page link inside each page: stops at an empty link or an empty page. Where the link may point is the
     * source's {@link HostPolicy}'s to say, when it is requested.
     */
    final class NextLink implements Pager {
        private final URI first;
        private final String next;

        NextLink(URI first, Map<String, String> p) {
            this.first = first;
            this.next = p.get("next");
        }

        @Override public URI first() { return first; }

        @Override public URI next(int page, URI current, PageInfo info, long fetched) {
            String link = next == null ? null : info.values().get(next);
            if (link == null || link.isBlank() || info.records() == 0) return null;
            return current.resolve(link);
        }

        @Override public Set<String> pointers() {
            Set<String> s = new HashSet<>();
            if (next != null) s.add(next);
            return s;
        }
    }

    static URI withQuery(URI base, String k1, String v1, String k2, String v2) {
        String q = enc(k1) + "=" + enc(v1) + (k2 == null ? "" : "&" + enc(k2) + "=" + enc(v2));
        String s = base.toString();
        return URI.create(s + (s.contains("?") ? "&" : "?") + q);
    }

    static long parseLong(String v, String what) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new PollException("the '" + what + "' value '" + v + "' is not a whole number");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
