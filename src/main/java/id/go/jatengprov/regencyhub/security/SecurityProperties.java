package id.go.jatengprov.regencyhub.security;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Credentials, from the environment or a secrets file, never from git:
 * {@code HUB_SECURITY_REGENCIES_3374_PASSWORD}, {@code HUB_SECURITY_OPERATOR_PASSWORD},
 * {@code HUB_SECURITY_ANALYST_PASSWORD}. A value may be clear text or {@code {bcrypt}$2a$…}. A role
 * without a password has no access at all.
 */
@ConfigurationProperties("hub.security")
public class SecurityProperties {

    /** Per regency, keyed by its BPS code (3374): the password of user "3374". */
    private final Map<String, Credential> regencies = new LinkedHashMap<>();
    private final Credential operator = new Credential();
    /** Password of the read-only database role "analyst" (embedded database only). */
    private final Credential analyst = new Credential();

    public Map<String, Credential> getRegencies() { return regencies; }
    public Credential getOperator() { return operator; }
    public Credential getAnalyst() { return analyst; }

    public static class Credential {
        private String password;
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public boolean isSet() { return password != null && !password.isBlank(); }

        @Override
        public String toString() {
            return isSet() ? "Credential[***]" : "Credential[none]";
        }
    }
}
