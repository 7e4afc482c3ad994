package dev.rotor.testing.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's example is the compiled {@link MyRotationTest}, character for character. */
class ReadmeExampleTest {
    @Test
    void theReadmeShowsTheCompiledExample() throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/rotor/testing/readme/MyRotationTest.java"),
                StandardCharsets.UTF_8);
        String example = source.substring(source.indexOf("import static")).strip();
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);

        assertThat(readme).contains("## Testing your rotation function").contains("```java\n" + example + "\n```");
    }
}
