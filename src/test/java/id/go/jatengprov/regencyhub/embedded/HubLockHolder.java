package id.go.jatengprov.regencyhub.embedded;

import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * A second process for HubLockTest. {@code hold DIR}: claims DIR like a running hub (with an HTTP port that
 * answers), prints "HELD", and keeps the claim until its standard input closes. {@code listen}: claims nothing,
 * only listens on a port, prints it, and waits the same way.
 */
public final class HubLockHolder {
    public static void main(String[] args) throws Exception {
        try (ServerSocket http = new ServerSocket(0)) {
            if (args[0].equals("hold")) {
                try (HubLock lock = HubLock.acquire(Path.of(args[1]))) {
                    lock.httpPort(http.getLocalPort());
                    lock.databasePort(5999);
                    System.out.println("HELD " + http.getLocalPort());
                    System.out.flush();
                    while (System.in.read() >= 0) {
                        // until the test closes our standard input
                    }
                }
            } else {
                System.out.println("LISTENING " + http.getLocalPort());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // until the test closes our standard input
                }
            }
        }
    }
}
