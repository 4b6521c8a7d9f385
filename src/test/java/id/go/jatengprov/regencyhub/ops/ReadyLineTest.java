package id.go.jatengprov.regencyhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ready line names the API's address and binding, the database without its password, and the logins. */
class ReadyLineTest {

    @Test
    void everyInterfaceLoopbackOrOneAddressIsSaid() {
        assertThat(ReadyLine.line("0.4.0", "http", null, 8080, "jdbc:postgresql://localhost:5433/regency_hub", true,
                "embedded", true, 2, false))
                .isEqualTo("regency-hub 0.4.0 ready: API http://localhost:8080/api/v1 (every interface, port 8080), database"
                        + " jdbc:postgresql://localhost:5433/regency_hub (embedded), broker embedded;"
                        + " logins: operator yes, 2 regencies, analyst no");
        assertThat(ReadyLine.line(null, "https", "127.0.0.1", 8443, "jdbc:postgresql://db/hub", false, "failover:(tcp://mq:61616)",
                false, 1, true))
                .startsWith("regency-hub ready: API https://127.0.0.1:8443/api/v1 (loopback only, port 8443), database jdbc:postgresql://db/hub,")
                .endsWith("logins: operator no, 1 regency, analyst yes");
        assertThat(ReadyLine.line(null, "http", "10.0.0.5", 80, "x", false, "embedded", true, 0, false))
                .contains("http://10.0.0.5:80/api/v1 (on 10.0.0.5 only, port 80)", "0 regencies");
    }

    @Test
    void aPasswordInTheDatabaseUrlIsNeverShown() {
        assertThat(ReadyLine.withoutSecrets("jdbc:postgresql://db:5432/hub?user=hub&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/hub?user=hub&password=***&ssl=true");
        assertThat(ReadyLine.withoutSecrets("jdbc:postgresql://hub:s3cret@db:5432/hub")).isEqualTo("jdbc:postgresql://hub:***@db:5432/hub");
    }
}
