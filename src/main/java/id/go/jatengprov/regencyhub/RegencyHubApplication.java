package id.go.jatengprov.regencyhub;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import id.go.jatengprov.regencyhub.ops.CheckCommand;
import id.go.jatengprov.regencyhub.ops.PreviewCommand;

/**
 * {@code java -jar regency-hub.jar [run]} runs the hub; {@code … check} validates a configuration and {@code … preview}
 * shows what a file would load as; {@code … help} prints the usage. Only {@code run} starts anything.
 */
@SpringBootApplication
@org.springframework.scheduling.annotation.EnableScheduling
public class RegencyHubApplication {

    /** Exit code of a start that failed (Spring Boot has printed why) and of an unknown command. */
    static final int START_FAILED = 1;
    static final int UNKNOWN_COMMAND = 2;

    static final String USAGE = """
            usage: java -jar regency-hub.jar [COMMAND] [--property=value ...]

            commands:
              run       run the hub (the default when the first argument is a --property)
              check     validate datasets, sources, reference data and custom routes; exit 0 when clean
                          check [--hub.config-dir=DIR] [--hub.routes-dir=DIR] [--against-db] [--hub.metadata.strict=true]
                          --against-db: would the running warehouse take the datasets (read only; the database of
                          --hub.data-dir, or --spring.datasource.url); exit 1 with problems, 2 if it cannot ask
                          (missing dataset metadata is a warning, a problem with --hub.metadata.strict=true)
              preview   show what a file would load as and whether the hub would load it, writing nothing
                          preview --source ID FILE [--rows N] [--format table|csv|json] [--hub.config-dir=DIR]
                          exit 0 would load, 3 would fail, 1 error, 2 usage
              help      this text (also --help, -h)

            most used properties (also as environment variables: HUB_DATA_DIR, SERVER_PORT, ...):
              --hub.data-dir=DIR              drop, landing, work, broker and embedded database files (default: data)
              --hub.config-dir=DIR            datasets/, sources/, reference/ (default: config)
              --hub.routes-dir=DIR            custom Camel YAML routes (default: routes)
              --server.port=N                 HTTP API and /actuator/health (default: 8080)
              --hub.embedded-db.port=N        port of the embedded PostgreSQL (default: 5433)
              --spring.datasource.url=URL     an external PostgreSQL instead of the embedded one
              --hub.broker.url=URL            an external ActiveMQ Classic instead of the embedded one
            secrets come from the environment: HUB_SECURITY_OPERATOR_PASSWORD, HUB_SECURITY_ANALYST_PASSWORD,
            HUB_SECURITY_ANALYST_API_PASSWORD, HUB_SECURITY_REGENCIES_<BPS CODE>_PASSWORD, and the CKAN API keys
            HUB_CKAN_SECRET_<NAME> that datasets name in publish.ckan.api-key-env

            one hub per data folder: a second start on a folder in use is refused (exit 1).
            docs: README.md (every property), docs/operations.md (starting, the data folder, the embedded
            database), docs/configuration-reference.md (datasets and sources)
            """;

    public static void main(String[] args) {
        int code = command(args, System.out, System.err);
        if (code >= 0) {
            System.exit(code);
        }
        String[] hubArgs = args.length > 0 && args[0].equals("run") ? Arrays.copyOfRange(args, 1, args.length) : args;
        try {
            SpringApplication.run(RegencyHubApplication.class, hubArgs);
        } catch (Throwable failure) {
            // Spring Boot has logged why (a failure analysis, or the stack trace of an unexpected error); a
            // lingering non-daemon thread must not keep a hub that failed to start alive.
            System.exit(START_FAILED);
        }
    }

    /**
     * Runs a command that needs no server and returns its exit code, or -1 when the hub itself is to run: no
     * argument, {@code run}, or a first argument that is a {@code --property}.
     */
    static int command(String[] args, PrintStream out, PrintStream err) {
        String first = args.length == 0 || args[0].startsWith("--") ? "run" : args[0];
        String[] rest = args.length == 0 || first.equals("run") && args[0].startsWith("--") ? args
                : Arrays.copyOfRange(args, 1, args.length);
        switch (first) {
            case "help", "-h" -> {
                out.print(USAGE);
                return 0;
            }
            case "check" -> {
                quietLibraries();
                return CheckCommand.run(rest, out);
            }
            case "preview" -> {
                quietLibraries();
                return PreviewCommand.run(rest, out, err);
            }
            case "run" -> {
                if (List.of(rest).contains("--help") || List.of(rest).contains("-h")) {
                    out.print(USAGE);
                    return 0;
                }
                return -1;
            }
            default -> {
                err.println("unknown command '" + first + "'");
                err.println();
                err.print(USAGE);
                return UNKNOWN_COMMAND;
            }
        }
    }

    /** The commands print their own findings; the libraries' start-up chatter would bury them. */
    private static void quietLibraries() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
