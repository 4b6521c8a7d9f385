package id.go.jatengprov.regencyhub.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Credentials, from the environment or a secrets file, never from git:
 * {@code HUB_SECURITY_REGENCIES_3374_PASSWORD}, {@code HUB_SECURITY_OPERATOR_PASSWORD},
 * {@code HUB_SECURITY_ANALYST_PASSWORD} (the database role), {@code HUB_SECURITY_ANALYST_API_PASSWORD} (the HTTP user). A value may be clear text or {@code {bcrypt}$2a$…}. A role
 * without a password has no access at all.
 */
@ConfigurationProperties("hub.security")
public class SecurityProperties {

    /** Per regency, keyed by its BPS code (3374): the password of user "3374". */
    private final Map<String, Credential> regencies = new LinkedHashMap<>();
    private final Credential operator = new Credential();
    /** Password of the read-only database role "analyst" (embedded database only). */
    private final Analyst analyst = new Analyst();
    /** Password of the read-only HTTP user "analyst" (the datasets API); separate from the database role's. */
    private final Credential analystApi = new Credential();
    /** Throttling of failed logins ({@link LoginThrottle}). */
    private final Login login = new Login();

    public Map<String, Credential> getRegencies() { return regencies; }
    public Credential getOperator() { return operator; }
    public Analyst getAnalyst() { return analyst; }
    public Credential getAnalystApi() { return analystApi; }
    public Login getLogin() { return login; }

    /** Is any HTTP login configured (so Basic credentials travel over the hub's port)? */
    public boolean anyCredential() {
        return operator.isSet() || analystApi.isSet() || regencies.values().stream().anyMatch(Credential::isSet);
    }

    /**
     * Failed logins per (user, client address) and per client address; past a limit within the window the
     * key is held for {@code delay}, doubling with each further failure up to {@code maxDelay}.
     */
    public static class Login {
        /** Failed logins of one user from one address, within the window, before that pair is held. */
        private int maxFailures = 5;
        /** Failed logins from one address, whatever the user names, within the window, before the address is held. */
        private int maxFailuresPerAddress = 20;
        /** A count ends when this long passes without a failure. */
        private Duration window = Duration.ofMinutes(15);
        /** The first hold; each further failure doubles it. */
        private Duration delay = Duration.ofMinutes(1);
        /** The longest hold. */
        private Duration maxDelay = Duration.ofMinutes(15);

        public int getMaxFailures() { return maxFailures; }
        public void setMaxFailures(int maxFailures) { this.maxFailures = maxFailures; }
        public int getMaxFailuresPerAddress() { return maxFailuresPerAddress; }
        public void setMaxFailuresPerAddress(int maxFailuresPerAddress) { this.maxFailuresPerAddress = maxFailuresPerAddress; }
        public Duration getWindow() { return window; }
        public void setWindow(Duration window) { this.window = window; }
        public Duration getDelay() { return delay; }
        public void setDelay(Duration delay) { this.delay = delay; }
        public Duration getMaxDelay() { return maxDelay; }
        public void setMaxDelay(Duration maxDelay) { this.maxDelay = maxDelay; }
    }

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

    /** The analyst role's password, and its limits, so that one analyst's queries cannot take the database. */
    public static class Analyst extends Credential {
        /** Connections the role may hold at once; -1 = no limit. */
        private int connectionLimit = 10;
        /** Longest statement the role may run; 0 = no limit. */
        private Duration statementTimeout = Duration.ofMinutes(5);
        public int getConnectionLimit() { return connectionLimit; }
        public void setConnectionLimit(int connectionLimit) { this.connectionLimit = connectionLimit; }
        public Duration getStatementTimeout() { return statementTimeout; }
        public void setStatementTimeout(Duration statementTimeout) { this.statementTimeout = statementTimeout; }
    }
}
