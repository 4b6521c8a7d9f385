package id.go.jatengprov.regencyhub.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;

/**
 * Slows password guessing. Failed logins are counted per (user, client address) and, more loosely,
 * per client address; past the limit within the window, that key is held: its next attempts are
 * answered 429 without checking the password, for a delay that doubles with each further failure up
 * to a cap. A success forgets the (user, address) count. Counts end when the window passes without a
 * failure, so nobody is locked out for good, and an attacker's address never holds the real user at
 * another address (a per-user count would let anyone lock the operator out).
 */
public class LoginThrottle {

    /** Bound on remembered keys, so that a spray of names or addresses cannot fill the memory. */
    static final int MAX_ENTRIES = 100_000;

    private record Key(String user, String address) {}

    private static final class Entry {
        int failures;
        Instant lastFailure;
        Instant heldUntil;
    }

    private final SecurityProperties.Login rules;
    private final Clock clock;
    private final Map<Key, Entry> entries = new HashMap<>();

    public LoginThrottle(SecurityProperties.Login rules, Clock clock) {
        if (rules.getMaxFailures() < 1 || rules.getMaxFailuresPerAddress() < 1) {
            throw new IllegalArgumentException("hub.security.login.max-failures and .max-failures-per-address must be 1 or more");
        }
        if (rules.getDelay().isNegative() || rules.getDelay().isZero() || rules.getMaxDelay().compareTo(rules.getDelay()) < 0) {
            throw new IllegalArgumentException("hub.security.login.delay must be positive and hub.security.login.max-delay"
                    + " at least as long (now " + rules.getDelay() + " and " + rules.getMaxDelay() + ")");
        }
        this.rules = rules;
        this.clock = clock;
    }

    /** How long this user at this address must still wait, if held (by either count). */
    public synchronized Optional<Duration> held(String user, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (Key k : new Key[] {new Key(user, address), new Key(null, address)}) {
            Entry e = entries.get(k);
            if (e != null && e.heldUntil != null && now.isBefore(e.heldUntil)) {
                Duration left = Duration.between(now, e.heldUntil);
                if (left.compareTo(wait) > 0) wait = left;
            }
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    public synchronized void failed(String user, String address) {
        Instant now = clock.instant();
        count(new Key(user, address), rules.getMaxFailures(), now);
        count(new Key(null, address), rules.getMaxFailuresPerAddress(), now);
        if (entries.size() > MAX_ENTRIES) prune(now);
    }

    public synchronized void succeeded(String user, String address) {
        entries.remove(new Key(user, address));
    }

    private void count(Key k, int limit, Instant now) {
        Entry e = entries.get(k);
        if (e == null || expired(e, now)) {
            e = new Entry();
            entries.put(k, e);
        }
        e.failures++;
        e.lastFailure = now;
        if (e.failures >= limit) {
            int doublings = Math.min(e.failures - limit, 30);
            Duration hold = rules.getDelay().multipliedBy(1L << doublings);
            e.heldUntil = now.plus(hold.compareTo(rules.getMaxDelay()) > 0 ? rules.getMaxDelay() : hold);
        }
    }

    /** A count ends when the window has passed since its last failure and it holds no one any more. */
    private boolean expired(Entry e, Instant now) {
        return e.lastFailure.plus(rules.getWindow()).isBefore(now) && (e.heldUntil == null || !now.isBefore(e.heldUntil));
    }

    private void prune(Instant now) {
        entries.values().removeIf(e -> expired(e, now));
        if (entries.size() > MAX_ENTRIES) {
            // Still full: forget the oldest counts first.
            entries.entrySet().stream().sorted(Comparator.comparing(en -> en.getValue().lastFailure))
                    .limit(entries.size() - MAX_ENTRIES / 2).map(Map.Entry::getKey).toList().forEach(entries::remove);
        }
    }

    synchronized int size() {
        return entries.size();
    }

    @EventListener
    public void onFailure(AbstractAuthenticationFailureEvent e) {
        HttpServletRequest req = AuditTrail.currentRequest();
        if (req != null) failed(e.getAuthentication().getName(), req.getRemoteAddr());
    }

    @EventListener
    public void onSuccess(AuthenticationSuccessEvent e) {
        HttpServletRequest req = AuditTrail.currentRequest();
        if (req != null) succeeded(e.getAuthentication().getName(), req.getRemoteAddr());
    }
}
