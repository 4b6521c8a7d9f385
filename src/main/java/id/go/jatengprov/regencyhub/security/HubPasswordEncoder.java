package id.go.jatengprov.regencyhub.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import id.go.jatengprov.regencyhub.support.Sha256;

/**
 * Checks a presented password against a configured one: {@code {bcrypt}…} values with BCrypt, clear
 * values (held only as their SHA-256) with a constant-time comparison.
 */
final class HubPasswordEncoder implements PasswordEncoder {

    static final String BCRYPT = "{bcrypt}";
    static final String SHA256 = "{sha256}";
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();

    /** What is kept in memory for a configured password. */
    static String stored(String configured) {
        return configured.startsWith(BCRYPT) ? configured : SHA256 + Sha256.of(configured);
    }

    @Override
    public String encode(CharSequence raw) {
        return SHA256 + Sha256.of(raw.toString());
    }

    @Override
    public boolean matches(CharSequence raw, String stored) {
        if (raw == null || stored == null) return false;
        if (stored.startsWith(BCRYPT)) {
            return bcrypt.matches(raw, stored.substring(BCRYPT.length()));
        }
        if (stored.startsWith(SHA256)) {
            return MessageDigest.isEqual(stored.substring(SHA256.length()).getBytes(StandardCharsets.US_ASCII),
                    Sha256.of(raw.toString()).getBytes(StandardCharsets.US_ASCII));
        }
        return false;
    }
}
