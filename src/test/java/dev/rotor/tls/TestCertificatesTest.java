package dev.rotor.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCertificatesTest {
    @TempDir
    Path temp;

    @Test
    void serverCertificateIsSignedByTheCaAndMatchesTheKey() throws Exception {
        TestCertificates tls = TestCertificates.create(temp, "dns:localhost");

        X509Certificate ca = read(tls.caCertificate());
        X509Certificate server = read(tls.serverCertificate());
        server.verify(ca.getPublicKey());
        server.checkValidity();
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(server.getSubjectAlternativeNames()).containsExactly(List.of(2, "localhost"));
        assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");

        assertKeyMatches(readKey(tls.serverKey(), "EC"), server, "SHA256withECDSA");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.serverKey())))
                .isEqualTo("rw-------");
    }

    @Test
    void rsaKeysOnRequest() throws Exception {
        TestCertificates tls = TestCertificates.create(temp, TestCertificates.KeyType.RSA_2048, "dns:localhost");
        X509Certificate ca = read(tls.caCertificate());
        X509Certificate server = read(tls.serverCertificate());
        server.verify(ca.getPublicKey());
        assertThat(server.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(((RSAPublicKey) server.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertKeyMatches(readKey(tls.serverKey(), "RSA"), server, "SHA256withRSA");
    }

    @Test
    void twoAuthoritiesDoNotTrustEachOther() throws Exception {
        TestCertificates one = TestCertificates.create(temp, "dns:localhost", "ip:127.0.0.1");
        TestCertificates other = TestCertificates.create(temp, "dns:localhost");

        X509Certificate server = read(one.serverCertificate());
        assertThat(server.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(2, "localhost"),
                List.of(7, "127.0.0.1"));
        assertThatThrownBy(() -> server.verify(read(other.caCertificate()).getPublicKey()))
                .isInstanceOf(SignatureException.class);
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** A signature made with the private key checks out with the certificate's public key. */
    private static void assertKeyMatches(PrivateKey key, X509Certificate certificate, String algorithm)
            throws Exception {
        byte[] data = "proof".getBytes(StandardCharsets.UTF_8);
        Signature sign = Signature.getInstance(algorithm);
        sign.initSign(key);
        sign.update(data);
        byte[] signature = sign.sign();
        Signature check = Signature.getInstance(algorithm);
        check.initVerify(certificate.getPublicKey());
        check.update(data);
        assertThat(check.verify(signature)).isTrue();
    }

    private static PrivateKey readKey(Path pem, String algorithm) throws Exception {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        assertThat(text).startsWith("-----BEGIN PRIVATE KEY-----\n");
        String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance(algorithm)
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }
}
