package id.go.jatengprov.regencyhub.intake.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Each paging style on its own: the first address, the next one, and where it stops. */
class PagerTest {

    static final URI BASE = URI.create("https://data.example.go.id/api/penduduk?tahun=2024");

    static Pager.PageInfo page(int records, Map<String, String> values) {
        return new Pager.PageInfo(records, values);
    }

    @Test
    void offsetPagingAdvancesBySizeAndStopsAtAShortPageOrTheTotal() {
        Pager p = Pager.of(BASE, Map.of("style", "offset", "size", "100", "total", "/meta/total"));
        assertThat(p.first()).hasToString(BASE + "&offset=0&limit=100");
        assertThat(p.pointers()).containsExactly("/meta/total");
        assertThat(p.next(0, p.first(), page(100, Map.of("/meta/total", "250")), 100)).hasToString(BASE + "&offset=100&limit=100");
        assertThat(p.next(1, null, page(100, Map.of("/meta/total", "200")), 200)).as("total reached").isNull();
        assertThat(p.next(1, null, page(40, Map.of()), 140)).as("a short page is the last").isNull();
        assertThatThrownBy(() -> p.next(0, null, page(100, Map.of("/meta/total", "many")), 100))
                .isInstanceOf(PollException.class).hasMessageContaining("'total' value 'many' is not a whole number");
    }

    @Test
    void offsetPagingNamesItsParametersAsConfigured() {
        Pager p = Pager.of(URI.create("http://x/a"), Map.of("style", "offset", "size", "10", "offset-param", "skip", "limit-param", "take"));
        assertThat(p.first()).hasToString("http://x/a?skip=0&take=10");
    }

    @Test
    void pageNumberPagingCountsFromOneAndStopsAtAnEmptyPageOrThePageCount() {
        Pager p = Pager.of(URI.create("http://x/a"), Map.of("style", "page", "pages", "/last_page"));
        assertThat(p.first()).hasToString("http://x/a?page=1");
        assertThat(p.next(0, null, page(20, Map.of("/last_page", "3")), 20)).hasToString("http://x/a?page=2");
        assertThat(p.next(2, null, page(20, Map.of("/last_page", "3")), 60)).isNull();
        assertThat(p.next(0, null, page(0, Map.of()), 0)).isNull();
        Pager limited = Pager.of(URI.create("http://x/a"), Map.of("style", "page", "size", "50", "limit-param", "per_page"));
        assertThat(limited.first()).hasToString("http://x/a?page=1&per_page=50");
    }

    @Test
    void nextLinkPagingFollowsTheLinkWhereverItPointsAndLeavesTheHostToTheHostPolicy() {
        URI first = URI.create("https://data.example.go.id/api/v1/items");
        Pager p = Pager.of(first, Map.of("style", "next", "next", "/links/next"));
        assertThat(p.first()).isEqualTo(first);
        assertThat(p.next(0, first, page(10, Map.of("/links/next", "/api/v1/items?cursor=abc")), 10))
                .hasToString("https://data.example.go.id/api/v1/items?cursor=abc");
        assertThat(p.next(0, first, page(10, Map.of("/links/next", "")), 10)).isNull();
        assertThat(p.next(0, first, page(0, Map.of("/links/next", "/more")), 0)).as("an empty page ends it").isNull();
        // HostPolicy refuses it when it is requested (HostPolicyTest, PollTest.nextPagingFollowsTheLinkOnTheSameHostOnly).
        assertThat(p.next(0, first, page(10, Map.of("/links/next", "https://evil.example.com/steal")), 10))
                .hasToString("https://evil.example.com/steal");
    }

    @Test
    void withoutPagingThereIsOneRequest() {
        Pager p = Pager.of(BASE, null);
        assertThat(p.first()).isEqualTo(BASE);
        assertThat(p.next(0, BASE, page(1000, Map.of()), 1000)).isNull();
        assertThat(p.pointers()).isEmpty();
    }
}
