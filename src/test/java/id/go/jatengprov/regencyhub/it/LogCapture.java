package id.go.jatengprov.regencyhub.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;

/** What the hub logs while a test runs: an appender on the root logger, removed on close. */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    public LogCapture() {
        setName("test-capture");
        setContext(root.getLoggerContext());
        start();
        root.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent e) {
        e.prepareForDeferredProcessing();
        events.add(e);
    }

    public void clear() {
        events.clear();
    }

    /** Formatted lines (logger, level, message and any stack trace) of the events that match. */
    public List<String> lines(Predicate<ILoggingEvent> which) {
        return events.stream().filter(which).map(e -> e.getLevel() + " " + e.getLoggerName() + " [" + e.getThreadName() + "] "
                + e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .toList();
    }

    /** "LEVEL message" of the events that match, without logger, thread or stack trace. */
    public List<String> messages(Predicate<ILoggingEvent> which) {
        return events.stream().filter(which).map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    public List<String> lines() {
        return lines(e -> true);
    }

    /** Lines logged on the web server's request threads (what a request caused), AUDIT lines left out. */
    public List<String> requestLines() {
        return lines(e -> (e.getThreadName().startsWith("http-nio") || e.getThreadName().startsWith("https-jsse"))
                && !e.getLoggerName().equals("AUDIT"));
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
    }
}
