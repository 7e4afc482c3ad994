package dev.rotor.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GrantStatementTest {
    private static final MySqlAccount APP = new MySqlAccount("app", "%");
    private static final MySqlAccount CLONE = new MySqlAccount("app_clone", "%");

    @Test
    void replacesTheGranteeAndDropsThePasswordHash() {
        GrantStatement line = GrantStatement.parse("GRANT EXECUTE ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD"
                + " '*2B602296A79E0A8784ACC5C88D92E46588CCA3C3' WITH GRANT OPTION");
        GrantStatement copy = line.forGrantee(APP, CLONE);
        assertThat(copy.sql()).isEqualTo("GRANT EXECUTE ON *.* TO `app_clone`@`%` WITH GRANT OPTION");
        assertThat(copy.toString()).doesNotContain("2B60");
        assertThat(copy.inverse()).containsExactly("REVOKE EXECUTE ON *.* FROM `app_clone`@`%`",
                "REVOKE GRANT OPTION ON *.* FROM `app_clone`@`%`");
    }

    @Test
    void dropsAnIdentifiedViaClauseAndTheTlsRequirement() {
        GrantStatement line = GrantStatement.parse("GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED VIA ed25519 USING"
                + " 'abc' OR unix_socket REQUIRE SSL");
        assertThat(line.forGrantee(APP, CLONE).sql()).isEqualTo("GRANT USAGE ON *.* TO `app_clone`@`%`");
        assertThat(line.forGrantee(APP, CLONE).inverse()).isEmpty();
    }

    @Test
    void dropsMariaDbRequireAndResourceLimitsButKeepsTheGrantOption() {
        GrantStatement line = GrantStatement.parse("GRANT PROCESS ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD"
                + " '*B69027D44F6E5EDC07F1AEAD1477967B16F28227' REQUIRE ISSUER '/C=FI/O=with WITH' CIPHER 'b'"
                + " WITH GRANT OPTION MAX_QUERIES_PER_HOUR 3 MAX_USER_CONNECTIONS -1 MAX_STATEMENT_TIME 0.250000");
        GrantStatement copy = line.forGrantee(APP, CLONE);
        assertThat(copy.sql()).isEqualTo("GRANT PROCESS ON *.* TO `app_clone`@`%` WITH GRANT OPTION");
        assertThat(copy.inverse()).containsExactly("REVOKE PROCESS ON *.* FROM `app_clone`@`%`",
                "REVOKE GRANT OPTION ON *.* FROM `app_clone`@`%`");
        assertThat(GrantStatement.parse("GRANT USAGE ON *.* TO `app`@`%` REQUIRE X509 WITH MAX_UPDATES_PER_HOUR 7")
                .forGrantee(APP, CLONE).sql()).isEqualTo("GRANT USAGE ON *.* TO `app_clone`@`%`");
    }

    @Test
    void anUnknownOptionAfterWithFailsClosed() {
        assertThatThrownBy(() -> GrantStatement.parse("GRANT USAGE ON *.* TO `app`@`%` WITH FROBNICATE 3")
                .forGrantee(APP, CLONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unexpected option");
        assertThatThrownBy(() -> GrantStatement.parse("GRANT USAGE ON *.* TO `app`@`%` WITH MAX_QUERIES_PER_HOUR x")
                .forGrantee(APP, CLONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without a number");
    }

    @Test
    void findsTheGranteeOfAHostileNameExactly() {
        MySqlAccount hostile = new MySqlAccount("o'b TO `x`;\\", "10.0.%");
        String line = "GRANT SELECT, UPDATE (`we``ird`, `id`) ON `d``b`.`t` TO " + hostile.sql()
                + " WITH GRANT OPTION";
        GrantStatement parsed = GrantStatement.parse(line);
        assertThat(parsed.kind()).isEqualTo(GrantStatement.Kind.PRIVILEGES);
        assertThat(parsed.grantee()).isEqualTo(hostile);
        MySqlAccount target = new MySqlAccount("o'b TO `x`;\\_clone", "10.0.%");
        assertThat(parsed.forGrantee(hostile, target).sql()).isEqualTo("GRANT SELECT, UPDATE (`we``ird`, `id`) ON"
                + " `d``b`.`t` TO `o'b TO ``x``;\\_clone`@`10.0.%` WITH GRANT OPTION");
    }

    @Test
    void readsRoleGrantsPartialRevokesAndDefaultRoles() {
        GrantStatement role = GrantStatement.parse("GRANT `reader`@`%`,`writer`@`%` TO `app`@`%` WITH ADMIN OPTION");
        assertThat(role.kind()).isEqualTo(GrantStatement.Kind.ROLES);
        assertThat(role.forGrantee(APP, CLONE).inverse())
                .containsExactly("REVOKE `reader`@`%`,`writer`@`%` FROM `app_clone`@`%`");
        GrantStatement revoke = GrantStatement.parse("REVOKE INSERT ON `mysql`.* FROM `app`@`%`");
        assertThat(revoke.kind()).isEqualTo(GrantStatement.Kind.PARTIAL_REVOKE);
        assertThat(revoke.forGrantee(APP, CLONE).inverse()).containsExactly("GRANT INSERT ON `mysql`.* TO"
                + " `app_clone`@`%`");
        GrantStatement defaults = GrantStatement.parse("SET DEFAULT ROLE `reader` FOR `app`@`%`");
        assertThat(defaults.kind()).isEqualTo(GrantStatement.Kind.DEFAULT_ROLE);
        assertThat(defaults.grantee()).isEqualTo(APP);
    }

    @Test
    void proxyGrantsAreRevokedAsAWhole() {
        GrantStatement proxy = GrantStatement.parse("GRANT PROXY ON ''@'%' TO 'app'@'%' WITH GRANT OPTION");
        assertThat(proxy.grantee()).isEqualTo(APP);
        assertThat(proxy.forGrantee(APP, CLONE).inverse()).containsExactly("REVOKE PROXY ON ''@'%' FROM"
                + " `app_clone`@`%`");
    }

    @Test
    void comparesLinesByCanonicalForm() {
        assertThat(GrantStatement.parse("grant select on `d`.* to `a`@`%`").canonical())
                .isEqualTo(GrantStatement.parse("GRANT SELECT  ON `d`.*  TO `a`@`%`").canonical());
    }

    @Test
    void refusesALineForAnotherGranteeOrOfUnknownShape() {
        assertThatThrownBy(() -> GrantStatement.parse("GRANT SELECT ON *.* TO `other`@`%`").forGrantee(APP, CLONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another grantee");
        assertThatThrownBy(() -> GrantStatement.parse("CREATE USER `app`@`%`"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GrantStatement.parse("GRANT SELECT ON `d`.* TO `app"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("`app");
        assertThatThrownBy(() -> GrantStatement.parse("GRANT SELECT ON `d`.*"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostsCompareWithoutCaseAndUsersWithCase() {
        assertThat(new MySqlAccount("app", "DB.Example").sameAs(new MySqlAccount("app", "db.example"))).isTrue();
        assertThat(new MySqlAccount("App", "%").sameAs(APP)).isFalse();
        assertThatThrownBy(() -> new MySqlAccount("a\0b", "%")).hasMessageContaining("NUL");
    }
}
