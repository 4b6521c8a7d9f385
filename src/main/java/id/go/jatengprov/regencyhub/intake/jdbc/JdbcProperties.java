package id.go.jatengprov.regencyhub.intake.jdbc;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** How the hub talks to regency databases ({@code kind: jdbc} sources). */
@Validated
@ConfigurationProperties("hub.jdbc")
public class JdbcProperties {

    /** Time to open a connection to a source's database. */
    @NotNull private Duration connectTimeout = Duration.ofSeconds(10);
    /** Longest a source's query may run; the database cancels it past this (PostgreSQL: each statement and fetch). */
    @NotNull private Duration queryTimeout = Duration.ofMinutes(10);

    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration v) { this.connectTimeout = v; }
    public Duration getQueryTimeout() { return queryTimeout; }
    public void setQueryTimeout(Duration v) { this.queryTimeout = v; }
}
