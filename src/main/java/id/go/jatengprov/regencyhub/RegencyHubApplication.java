package id.go.jatengprov.regencyhub;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import id.go.jatengprov.regencyhub.ops.CheckCommand;
import id.go.jatengprov.regencyhub.ops.PreviewCommand;

/**
 * {@code java -jar regency-hub.jar} runs the hub; {@code … check} validates a configuration and {@code … preview}
 * shows what a file would load as; both exit without starting anything.
 */
@SpringBootApplication
@org.springframework.scheduling.annotation.EnableScheduling
public class RegencyHubApplication {
    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("check") || args[0].equals("preview"))) {
            quietLibraries();
        }
        if (args.length > 0 && args[0].equals("check")) {
            System.exit(CheckCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length > 0 && args[0].equals("preview")) {
            System.exit(PreviewCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(RegencyHubApplication.class, args);
    }

    /** The commands print their own findings; the libraries' start-up chatter would bury them. */
    private static void quietLibraries() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
