package id.go.jatengprov.regencyhub.console;

import java.time.Duration;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The console speaks Indonesian unless asked otherwise: {@code ?lang=en} (the switch in every page's header)
 * keeps English in a cookie. Texts are in {@code console/messages.properties} (Indonesian) and
 * {@code console/messages_en.properties}.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleWebConfiguration implements WebMvcConfigurer {

    public static final Locale INDONESIAN = Locale.forLanguageTag("id");

    @Bean
    public LocaleResolver localeResolver() {
        CookieLocaleResolver r = new CookieLocaleResolver("hub-lang");
        r.setDefaultLocale(INDONESIAN);
        r.setCookieMaxAge(Duration.ofDays(365));
        r.setCookieHttpOnly(true);
        r.setCookieSameSite("Lax");
        return r;
    }

    /** Without the system locale as a fallback: an Indonesian request must not get English on an English server. */
    @Bean
    public MessageSource messageSource() {
        ResourceBundleMessageSource m = new ResourceBundleMessageSource();
        m.setBasenames("console/messages");
        m.setDefaultEncoding("UTF-8");
        m.setFallbackToSystemLocale(false);
        return m;
    }

    /** The console's session cookie is not sent with requests that other sites start (HttpOnly already, Secure under TLS). */
    @Bean
    public org.springframework.boot.web.server.servlet.CookieSameSiteSupplier sessionCookieSameSite() {
        return org.springframework.boot.web.server.servlet.CookieSameSiteSupplier.ofLax().whenHasName("JSESSIONID");
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor lang = new LocaleChangeInterceptor();
        lang.setParamName("lang");
        lang.setIgnoreInvalidLocale(true);
        registry.addInterceptor(lang).addPathPatterns("/console/**");
    }
}
