package id.go.jatengprov.regencyhub.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs before any bean is made: prepares the data folder's permissions ({@link DataFolders#prepare}) and claims
 * it ({@link HubLock}), so that a second hub on the same folder stops here, before it could stop the running hub's
 * database or read its files. The claim is a bean ("hubLock") released when the context closes, after every
 * other bean (it was registered first), or when the start fails. Registered in META-INF/spring.factories.
 */
public class DataFolderInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String BEAN = "hubLock";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (context.getParent() != null || context.getBeanFactory().containsSingleton(BEAN)) {
            return; // a child context (actuator's management server) shares its parent's claim
        }
        Path dataDir = Binder.get(context.getEnvironment()).bind("hub.data-dir", Path.class).orElse(Path.of("data"));
        HubLock lock;
        try {
            DataFolders.prepare(dataDir);
            lock = HubLock.acquire(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the data folder " + dataDir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        context.getBeanFactory().registerSingleton(BEAN, lock);
        if (context.getBeanFactory() instanceof DefaultListableBeanFactory bf) {
            bf.registerDisposableBean(BEAN, lock::close);
        }
        context.addApplicationListener(event -> {
            if (event instanceof WebServerInitializedEvent web && web.getApplicationContext().getServerNamespace() == null) {
                lock.httpPort(web.getWebServer().getPort());
            } else if (event instanceof ApplicationFailedEvent) {
                lock.close();
            }
        });
    }
}
