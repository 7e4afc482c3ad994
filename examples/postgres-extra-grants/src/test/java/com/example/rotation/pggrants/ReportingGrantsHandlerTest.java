package com.example.rotation.pggrants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.jdbc.DatabaseSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportingGrantsHandlerTest {
    @Test
    void schemasAreReadFromACommaSeparatedList() {
        assertThat(ReportingGrantsHandler.schemas(Map.of("EXTRA_GRANT_SCHEMAS", " reporting, analytics ,,")))
                .containsExactly("reporting", "analytics");
    }

    @Test
    void aMissingOrBlankSchemaListIsAConfigurationError() {
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("EXTRA_GRANT_SCHEMAS", "  "))) {
            assertThatThrownBy(() -> ReportingGrantsHandler.schemas(env))
                    .isInstanceOf(RotationException.class)
                    .hasMessageContaining("EXTRA_GRANT_SCHEMAS")
                    .satisfies(e -> assertThat(((RotationException) e).errorCode())
                            .isEqualTo(ErrorCode.INVALID_CONFIGURATION));
        }
    }

    @Test
    void theChangerNeedsAtLeastOneSchema() {
        assertThatThrownBy(() -> new ExtraGrantsChanger(DatabaseSettings.DEFAULT, List.of()))
                .isInstanceOf(RotationException.class)
                .hasMessageContaining("at least one schema");
    }
}
