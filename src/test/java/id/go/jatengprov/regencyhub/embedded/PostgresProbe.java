package id.go.jatengprov.regencyhub.embedded;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Tries to log in to a PostgreSQL server the way an attacker on the same machine would: a raw startup message
 * with no password (over TCP or a Unix socket), or the JDBC driver with a wrong password. It reports what the
 * server answered; {@link Outcome#LOGGED_IN} means the server let the caller in without the right password.
 */
final class PostgresProbe {

    enum Outcome {
        /** Nothing listens (yet). */
        REFUSED,
        /** The server asked for a password (SCRAM, MD5 or clear text). */
        PASSWORD_DEMANDED,
        /** The server checked the (wrong) password and refused it. */
        PASSWORD_FAILED,
        /** The server answered with another error (starting up, no such database, ...). */
        OTHER_ERROR,
        /** AuthenticationOk, or an open JDBC connection: a login without the password. */
        LOGGED_IN
    }

    private PostgresProbe() {}

    /** A startup message without any password, over TCP or a Unix socket; reads the server's first answer. */
    static Outcome withoutPassword(SocketAddress address, String user, String database) {
        try {
            if (address instanceof UnixDomainSocketAddress) {
                try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    ch.connect(address);
                    return exchange(Channels.newInputStream(ch), Channels.newOutputStream(ch), user, database);
                }
            }
            try (Socket s = new Socket()) {
                s.connect(address, 1000);
                s.setSoTimeout(5000);
                return exchange(s.getInputStream(), s.getOutputStream(), user, database);
            }
        } catch (IOException e) {
            return Outcome.REFUSED;
        }
    }

    private static Outcome exchange(InputStream in, OutputStream out, String user, String database) throws IOException {
        out.write(startup(user, database));
        out.flush();
        DataInputStream data = new DataInputStream(in);
        try {
            byte type = data.readByte();
            int length = data.readInt() - 4;
            if (length < 0 || length > 1 << 16) return Outcome.OTHER_ERROR;
            byte[] body = new byte[length];
            data.readFully(body);
            if (type == 'R' && length >= 4) {
                int code = ByteBuffer.wrap(body).getInt();
                if (code == 0) return Outcome.LOGGED_IN;
                if (code == 3 || code == 5 || code == 10) return Outcome.PASSWORD_DEMANDED;
            }
            return Outcome.OTHER_ERROR;
        } catch (EOFException e) {
            return Outcome.OTHER_ERROR;
        }
    }

    /** The JDBC driver with a wrong password: a server that trusts lets it in whatever the password. */
    static Outcome withWrongPassword(int port, String user, String database) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", "not-the-password");
        p.setProperty("connectTimeout", "2");
        p.setProperty("socketTimeout", "5");
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p)) {
            return Outcome.LOGGED_IN;
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.equals("28P01") || String.valueOf(e.getMessage()).contains("password authentication failed")) {
                return Outcome.PASSWORD_FAILED;
            }
            return state.equals("08001") ? Outcome.REFUSED : Outcome.OTHER_ERROR; // 08001: nothing listens
        }
    }

    private static byte[] startup(String user, String database) {
        byte[] params = ("user\0" + user + "\0database\0" + database + "\0\0").getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + params.length).putInt(8 + params.length).putInt(196608).put(params).array();
    }

    static SocketAddress tcp(String host, int port) {
        return new InetSocketAddress(host, port);
    }
}
