package dev.rotor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentsTest {
    private static final List<Option> OPTIONS = List.of(
            Option.required("secret-id", "ID", "the secret"),
            Option.value("endpoint", "URL", "endpoint"),
            Option.value("port", "N", "port"),
            Option.value("secret", "NAME=FILE", "repeatable"),
            Option.flag("confirm", "really"));

    private static Arguments parse(String... args) {
        return Arguments.parse("test", OPTIONS, List.of(args));
    }

    @Test
    void readsSpaceAndEqualsSeparatedValuesAndFlags() {
        Arguments arguments = parse("--secret-id", "a", "--endpoint=http://localhost:1", "--confirm");

        assertThat(arguments.require("secret-id")).isEqualTo("a");
        assertThat(arguments.url("endpoint")).contains(URI.create("http://localhost:1"));
        assertThat(arguments.has("confirm")).isTrue();
        assertThat(arguments.has("port")).isFalse();
    }

    @Test
    void keepsEveryValueOfARepeatedOptionInOrder() {
        Arguments arguments = parse("--secret-id", "a", "--secret", "x=1", "--secret", "y=2");

        assertThat(arguments.values("secret")).containsExactly("x=1", "y=2");
        assertThat(arguments.value("secret")).contains("y=2");
    }

    @Test
    void refusesAnUnknownOptionNamingItAndTheCommand() {
        assertThatThrownBy(() -> parse("--secret-id", "a", "--secretid", "b"))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageContaining("--secretid").hasMessageContaining("rotor test");
    }

    @Test
    void refusesAPositionalArgument() {
        assertThatThrownBy(() -> parse("--secret-id", "a", "stray")).hasMessageContaining("'stray'");
    }

    @Test
    void refusesAMissingValue() {
        assertThatThrownBy(() -> parse("--secret-id")).hasMessageContaining("--secret-id ID").hasMessageContaining(
                "needs a value");
        assertThatThrownBy(() -> parse("--secret-id", "--confirm")).hasMessageContaining("needs a value");
    }

    @Test
    void refusesAMissingRequiredOption() {
        assertThatThrownBy(() -> parse("--confirm")).hasMessageContaining("needs --secret-id ID");
    }

    @Test
    void refusesAValueOnAFlag() {
        assertThatThrownBy(() -> parse("--secret-id", "a", "--confirm=yes")).hasMessageContaining("takes no value");
    }

    @Test
    void checksIntegersAndUrls() {
        assertThat(parse("--secret-id", "a", "--port", "8080").integer("port", 0, 65535)).contains(8080);
        assertThatThrownBy(() -> parse("--secret-id", "a", "--port", "99999").integer("port", 0, 65535))
                .hasMessageContaining("from 0 to 65535");
        assertThatThrownBy(() -> parse("--secret-id", "a", "--endpoint", "localhost:4566").url("endpoint"))
                .hasMessageContaining("absolute http or https URL");
    }
}
