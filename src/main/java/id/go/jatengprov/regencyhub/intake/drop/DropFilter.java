package id.go.jatengprov.regencyhub.intake.drop;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;

/**
 * The drop routes' gate ({@code filter=#dropFilter}), asked about each entry before anything else looks at it:
 * before the include patterns, before the read lock (which would stat a link's target) and before the file is
 * opened. It takes plain files only (regular, one name); anything else is refused and removed unread, and
 * nothing at all is taken from a folder whose {@code .done/} or {@code .failed/} is a link.
 */
@Component("dropFilter")
public class DropFilter implements GenericFileFilter<Object> {

    private final ActiveConfig config;
    private final HubProperties props;
    private final DropFolderWatch watch;
    private final DropOutcomes outcomes;
    private final DropFolderLease lease;

    public DropFilter(ActiveConfig config, HubProperties props, DropFolderWatch watch, DropOutcomes outcomes,
                      DropFolderLease lease) {
        this.lease = lease;
        this.config = config;
        this.props = props;
        this.watch = watch;
        this.outcomes = outcomes;
    }

    @Override
    public boolean accept(GenericFile<Object> file) {
        if (file.isDirectory()) return false;
        Path path = Path.of(file.getAbsoluteFilePath());
        Path dir = path.getParent();
        String sourceId = dir.getFileName().toString();
        // A source whose route runs before the reload that adds it is active (ConfigReloader starts routes first):
        // its files wait for the next scan.
        boolean active = config.config().source(sourceId).filter(s -> s.kind() == SourceDef.Kind.DROP).isPresent();
        if (!active || !dir.equals(props.dropDir().resolve(sourceId).toAbsolutePath()) || !watch.usable(sourceId, dir)) {
            return false;
        }
        if (!lease.mine(sourceId)) {
            return false; // a shared folder that another hub of the cluster reads now
        }
        String name = path.getFileName().toString();
        String refusal;
        try {
            refusal = DropFolder.refusal(DropFolder.look(path));
        } catch (IOException e) {
            return false; // gone: nothing to take
        }
        if (refusal != null) {
            outcomes.refuse(sourceId, name, refusal);
            return false;
        }
        return true;
    }
}
