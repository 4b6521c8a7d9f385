package id.go.jatengprov.regencyhub.security;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;

/**
 * Who is asking, and what they may touch: an operator everything, an analyst every dataset (reading), a regency only
 * its own sources and its own regions' rows.
 */
@Component
public class Access {

    public static final String OPERATOR = "ROLE_OPERATOR";
    public static final String REGENCY = "ROLE_REGENCY";
    /** Reads every dataset's rows and metadata; changes nothing. */
    public static final String ANALYST = "ROLE_ANALYST";
    /** Authority carrying the regency's Kemendagri code: "REGENCY_33.74". */
    public static final String REGENCY_PREFIX = "REGENCY_";

    private final ActiveConfig config;

    public Access(ActiveConfig config) {
        this.config = config;
    }

    public boolean isOperator() {
        return has(OPERATOR);
    }

    public boolean isAnalyst() {
        return has(ANALYST);
    }

    /** Operators and analysts read the rows of every region; a regency only its own. */
    public boolean readsEveryRegion() {
        return isOperator() || isAnalyst();
    }

    /** The Kemendagri code of the calling regency, if a regency is calling. */
    public Optional<String> regency() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a == null) return Optional.empty();
        return a.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(s -> s.startsWith(REGENCY_PREFIX)).map(s -> s.substring(REGENCY_PREFIX.length())).findFirst();
    }

    public String who() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a == null ? "anonymous" : a.getName();
    }

    /** May the caller push to, and read the batches of, this source? Unknown sources are simply "no". */
    public boolean mayUse(String sourceId) {
        if (sourceId == null) return false;
        Optional<SourceDef> s = config.config().source(sourceId);
        if (s.isEmpty()) return false;
        return isOperator() || regency().map(r -> r.equals(s.get().regency())).orElse(false);
    }

    /** Ids of the sources the calling regency owns (all sources for an operator). */
    public java.util.List<String> ownSources() {
        return config.config().sources().values().stream()
                .filter(s -> isOperator() || regency().map(r -> r.equals(s.regency())).orElse(false))
                .map(SourceDef::id).sorted().toList();
    }

    private static boolean has(String authority) {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a != null && a.getAuthorities().stream().anyMatch(g -> g.getAuthority().equals(authority));
    }
}
