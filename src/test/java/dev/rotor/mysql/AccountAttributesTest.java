package dev.rotor.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.RotationException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccountAttributesTest {
    private static final MySqlAccount APP = new MySqlAccount("app", "10.0.%");
    private static final MySqlAccount CLONE = new MySqlAccount("app_clone", "10.0.%");
    private static final List<Long> LIMITS = List.of(10L, 20L, 30L, 4L);

    private static AccountAttributes attributes(String plugin, String sslType, String issuer, String subject,
            String cipher, Optional<BigDecimal> maxStatementTime) {
        return new AccountAttributes(plugin, sslType, issuer, subject, cipher, LIMITS, maxStatementTime);
    }

    @Test
    void rendersEachTlsRequirementAndEveryLimit() {
        assertThat(attributes("mysql_native_password", "", "", "", "", Optional.empty()).alterStatement(CLONE))
                .isEqualTo("ALTER USER `app_clone`@`10.0.%` REQUIRE NONE WITH MAX_QUERIES_PER_HOUR 10"
                        + " MAX_UPDATES_PER_HOUR 20 MAX_CONNECTIONS_PER_HOUR 30 MAX_USER_CONNECTIONS 4");
        assertThat(attributes("x", "ANY", "", "", "", Optional.of(new BigDecimal("2.500000"))).alterStatement(CLONE))
                .startsWith("ALTER USER `app_clone`@`10.0.%` REQUIRE SSL WITH")
                .endsWith("MAX_USER_CONNECTIONS 4 MAX_STATEMENT_TIME 2.500000");
        assertThat(attributes("x", "X509", "", "", "", Optional.empty()).alterStatement(CLONE))
                .contains(" REQUIRE X509 WITH ");
        AccountAttributes specified = attributes("x", "SPECIFIED", "/C=FI/O=a'b", "", "AES256-SHA", Optional.empty());
        assertThat(specified.alterStatement(CLONE)).contains(" REQUIRE ISSUER ? AND CIPHER ? WITH ");
        assertThat(specified.requireParameters()).containsExactly("/C=FI/O=a'b", "AES256-SHA");
        assertThat(attributes("x", "ANY", "", "", "", Optional.empty()).requireParameters()).isEmpty();
    }

    @Test
    void comparesRequirementsAndLimitsButNotThePlugin() {
        AccountAttributes a = attributes("mysql_native_password", "ANY", "", "", "",
                Optional.of(new BigDecimal("2.5")));
        assertThat(a.sameRequirementsAs(attributes("ed25519", "ANY", "", "", "",
                Optional.of(new BigDecimal("2.500000"))))).isTrue();
        assertThat(a.sameRequirementsAs(attributes("mysql_native_password", "", "", "", "",
                Optional.of(new BigDecimal("2.5"))))).isFalse();
        assertThat(a.sameRequirementsAs(new AccountAttributes("mysql_native_password", "ANY", "", "", "",
                List.of(10L, 20L, 30L, 5L), Optional.of(new BigDecimal("2.5"))))).isFalse();
    }

    @Test
    void thePasswordIsSetWithTheSourcePluginInEachServersSyntax() {
        assertThat(attributes("caching_sha2_password", "", "", "", "", Optional.empty()).identifiedClause(APP, false))
                .isEqualTo("IDENTIFIED WITH caching_sha2_password BY ?");
        assertThat(attributes("ed25519", "", "", "", "", Optional.empty()).identifiedClause(APP, true))
                .isEqualTo("IDENTIFIED VIA ed25519 USING PASSWORD(?)");
        assertThat(attributes("", "", "", "", "", Optional.empty()).identifiedClause(APP, true))
                .isEqualTo("IDENTIFIED BY ?");
    }

    @Test
    void aPluginWithoutAPasswordIsRefusedNamingTheAccount() {
        for (String plugin : List.of("auth_socket", "unix_socket", "AWSAuthenticationPlugin", "pam")) {
            assertThatThrownBy(() -> attributes(plugin, "", "", "", "", Optional.empty()).identifiedClause(APP,
                    plugin.equals("unix_socket"))).isInstanceOf(RotationException.class)
                    .hasMessageContaining("'app'@'10.0.%'").hasMessageContaining(plugin);
        }
        assertThatThrownBy(() -> attributes("ed25519", "", "", "", "", Optional.empty()).identifiedClause(APP, false))
                .isInstanceOf(RotationException.class);
    }

    @Test
    void toStringNamesNoCertificateDetails() {
        assertThat(attributes("x", "SPECIFIED", "/CN=issuer", "/CN=subject", "AES", Optional.empty()).toString())
                .contains("require=SPECIFIED").doesNotContain("issuer", "subject", "AES");
    }
}
