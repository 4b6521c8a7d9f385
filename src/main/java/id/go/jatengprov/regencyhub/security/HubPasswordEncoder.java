package id.go.jatengprov.regencyhub.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

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
        return configured.startsWith(BCRYPT) ? configured : SHA256 + sha256(configured);
    }

    @Override
    public String encode(CharSequence raw) {
        return SHA256 + sha256(raw.toString());
    }

    @Override
    public boolean matches(CharSequence raw, String stored) {
        if (raw == null || stored == null) return false;
        if (stored.startsWith(BCRYPT)) {
            return bcrypt.matches(raw, stored.substring(BCRYPT.length()));
        }
        if (stored.startsWith(SHA256)) {
            return MessageDigest.isEqual(stored.substring(SHA256.length()).getBytes(StandardCharsets.US_ASCII),
                    sha256(raw.toString()).getBytes(StandardCharsets.US_ASCII));
        }
        return false;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
