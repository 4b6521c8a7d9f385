package id.go.jatengprov.regencyhub.intake.jdbc;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The settings of database sources ({@code hub.jdbc.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JdbcProperties.class)
public class JdbcSourceConfiguration {
}
