package id.go.jatengprov.regencyhub.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The OpenAPI description as a contract ({@code /api/openapi.json}, browsable at {@code /api/docs}): the hub's name
 * and version, HTTP Basic as the security scheme of every operation, and every status an operation can answer. What
 * is particular to an operation is annotated on its controller method; what every operation of {@code /api/v1} can
 * answer (no or a wrong login, a login held after failures, an outage, a fault of the hub) is added here, and every
 * error answer has the one error shape of {@link ApiErrors}.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiContract {

    public static final String BASIC = "basicAuth";
    static final String ERROR = "Error";

    /** Status → what it means, for every operation. */
    static final Map<String, String> COMMON = new LinkedHashMap<>();

    static {
        COMMON.put("401", "no login, or a wrong user name or password (WWW-Authenticate: Basic)");
        COMMON.put("429", "too many failed logins of this user from this address: wait for Retry-After seconds");
        COMMON.put("500", "a fault of the hub; the hub's log has the details");
        COMMON.put("503", "the database or the message broker is down: try again after Retry-After seconds");
    }

    @Bean
    public OpenAPI hubOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties b = build.getIfAvailable();
        String version = b != null ? b.getVersion() : OpenApiContract.class.getPackage().getImplementationVersion();
        return new OpenAPI()
                .info(new Info().title("regency-hub API").version(version == null ? "unknown" : version)
                        .description("The integration hub of Central Java's regencies: uploads, batches and their rejects,"
                                + " sources, dead letters, configuration reload, audit. Log in with HTTP Basic: a regency"
                                + " with its BPS code (3374) and password, the operator as 'operator'. See docs/api.md."))
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("a regency's BPS code (3374) or 'operator', and its password")))
                .addSecurityItem(new SecurityRequirement().addList(BASIC));
    }

    /** Security on each operation, the common answers, and the error shape on every 4xx and 5xx. */
    @Bean
    public OpenApiCustomizer hubOperations() {
        return api -> {
            // Added here, after springdoc has pruned the schemas that no operation referred to yet.
            if (api.getComponents() == null) api.setComponents(new Components());
            api.getComponents().addSchemas(ERROR, errorSchema());
            if (api.getPaths() == null) return;
            api.getPaths().forEach((path, item) -> item.readOperations().forEach(op -> complete(op)));
        };
    }

    /** The shape of {@link ApiErrors}. */
    static Schema<?> errorSchema() {
        return new ObjectSchema().description("Every error answer of the hub")
                .addProperty("status", new IntegerSchema().example(404))
                .addProperty("error", new StringSchema().example("Not Found"))
                .addProperty("message", new StringSchema().example("no batch '99'"))
                .addProperty("path", new StringSchema().example("/api/v1/batches/99"));
    }

    static void complete(Operation op) {
        op.setSecurity(java.util.List.of(new SecurityRequirement().addList(BASIC)));
        if (op.getResponses() == null) op.setResponses(new ApiResponses());
        COMMON.forEach((code, text) -> op.getResponses().putIfAbsent(code, new ApiResponse().description(text)));
        op.getResponses().forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                response.setContent(new Content().addMediaType("application/json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR))));
                if (code.equals("429") || code.equals("503")) {
                    response.addHeaderObject("Retry-After", new Header().description("seconds to wait")
                            .schema(new IntegerSchema()));
                }
            }
        });
    }
}
