package dev.rotor.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What {@code ./mvnw package} puts into the Lambda package, and what it leaves in the library jar. */
class LambdaPackageIT {
    private static final String SLF4J_PROVIDERS = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";
    private static final long MAX_BYTES = 20L * 1024 * 1024;

    @Test
    void isOneSmallArchive() throws IOException {
        long size = Files.size(LambdaProcess.lambdaPackage());
        System.out.printf("Lambda package %s: %,d bytes (%.1f MiB)%n", LambdaProcess.lambdaPackage(), size,
                size / 1024.0 / 1024.0);
        assertThat(size).isLessThan(MAX_BYTES);
    }

    @Test
    void registersRotorsLoggingBackendAndNoOther() throws IOException {
        try (ZipFile zip = new ZipFile(LambdaProcess.lambdaPackage().toFile())) {
            assertThat(text(zip, SLF4J_PROVIDERS).strip())
                    .isEqualTo("dev.rotor.internal.logging.LambdaLoggingProvider");
            assertThat(names(zip)).noneMatch(name -> name.startsWith("org/slf4j/simple/")
                    || name.startsWith("ch/qos/logback/") || name.startsWith("org/apache/logging/"));
        }
    }

    @Test
    void theLibraryJarRegistersNoBackend() throws IOException {
        try (ZipFile jar = new ZipFile(Path.of(System.getProperty("rotor.library.jar")).toFile())) {
            assertThat(jar.getEntry(SLF4J_PROVIDERS)).isNull();
            assertThat(jar.getEntry("dev/rotor/RotationHandler.class")).isNotNull();
        }
    }

    @Test
    void containsRotorItsRuntimeAndTheThreeJdbcDriversButNoTestCode() throws IOException {
        try (ZipFile zip = new ZipFile(LambdaProcess.lambdaPackage().toFile())) {
            List<String> names = names(zip);
            assertThat(names).contains("dev/rotor/RotationHandler.class", "org/slf4j/LoggerFactory.class",
                    "software/amazon/awssdk/services/secretsmanager/SecretsManagerClient.class",
                    "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class",
                    "com/fasterxml/jackson/databind/ObjectMapper.class",
                    "com/amazonaws/services/lambda/runtime/RequestStreamHandler.class",
                    "org/postgresql/Driver.class", "org/mariadb/jdbc/Driver.class", "com/mysql/cj/jdbc/Driver.class");
            assertThat(text(zip, "META-INF/services/java.sql.Driver").lines().map(String::strip))
                    .contains("org.postgresql.Driver", "org.mariadb.jdbc.Driver", "com.mysql.cj.jdbc.Driver");
            assertThat(names).noneMatch(name -> name.startsWith("org/junit/") || name.startsWith("dev/rotor/testing/")
                    || name.startsWith("org/apache/hc/") || name.startsWith("io/netty/")
                    || name.startsWith("org/mockito/"));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "org.postgresql.Driver, jdbc:postgresql://127.0.0.1:%d/postgres?connectTimeout=5",
        "org.mariadb.jdbc.Driver, jdbc:mariadb://127.0.0.1:%d/db?connectTimeout=5000",
        "com.mysql.cj.jdbc.Driver, jdbc:mysql://127.0.0.1:%d/db?connectTimeout=5000"})
    void eachDriverLoadsFromThePackageAloneAndFailsOnlyForWantOfAServer(String driverClass, String url)
            throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (URLClassLoader loader = packageOnly()) {
            Driver driver = (Driver) Class.forName(driverClass, true, loader).getConstructor().newInstance();
            Properties credentials = new Properties();
            credentials.setProperty("user", "nobody");
            credentials.setProperty("password", "not-a-secret");

            assertThat(driver.acceptsURL(url.formatted(closedPort))).isTrue();
            assertThatThrownBy(() -> driver.connect(url.formatted(closedPort), credentials))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void slf4jFindsRotorsBackendInThePackageAlone() throws Exception {
        try (URLClassLoader loader = packageOnly()) {
            Object factory = Class.forName("org.slf4j.LoggerFactory", true, loader)
                    .getMethod("getILoggerFactory").invoke(null);
            assertThat(factory.getClass().getName()).isEqualTo("dev.rotor.internal.logging.LambdaLoggerFactory");
        }
    }

    /** A class loader that sees the Lambda package and the JDK, nothing of the test class path. */
    private static URLClassLoader packageOnly() throws IOException {
        URL url = LambdaProcess.lambdaPackage().toUri().toURL();
        return new URLClassLoader(new URL[] {url}, ClassLoader.getPlatformClassLoader());
    }

    private static List<String> names(ZipFile zip) {
        List<String> names = new ArrayList<>();
        for (ZipEntry entry : Collections.list(zip.entries())) {
            names.add(entry.getName());
        }
        return names;
    }

    private static String text(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        assertThat(entry).as(name).isNotNull();
        return new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
    }
}
