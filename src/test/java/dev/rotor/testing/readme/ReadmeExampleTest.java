package dev.rotor.testing.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's test kit examples are the compiled {@link MyRotationTest} and {@link MyChangerStepTest}. */
class ReadmeExampleTest {
    @Test
    void theReadmeShowsTheCompiledExample() throws IOException {
        assertThat(readme()).contains("## Testing your rotation function").contains(example("MyRotationTest.java"));
    }

    @Test
    void theReadmeShowsTheCompiledOneStepExample() throws IOException {
        assertThat(readme()).contains("### Unit-testing one step: `TestRotationContext`")
                .contains(example("MyChangerStepTest.java"));
    }

    private static String readme() throws IOException {
        return Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    }

    /** The source from its first import on, as a fenced Java block, character for character. */
    private static String example(String file) throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/rotor/testing/readme", file),
                StandardCharsets.UTF_8);
        return "```java\n" + source.substring(source.indexOf("import static")).strip() + "\n```";
    }
}
