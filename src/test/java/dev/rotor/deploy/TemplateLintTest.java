package dev.rotor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code cfn-lint template.yaml} reports no error and no warning. Skipped, with the reason, on a machine without
 * cfn-lint ({@code pip install cfn-lint}); {@code .ci/run} runs cfn-lint itself as well.
 */
class TemplateLintTest {

    @Test
    void cfnLintReportsNoErrorAndNoWarning() throws Exception {
        Optional<Path> cfnLint = onPath("cfn-lint");
        assumeTrue(cfnLint.isPresent(), "Skipped: cfn-lint is not on PATH (install it with: pip install cfn-lint)");
        Run version = run(List.of(cfnLint.get().toString(), "--version"));
        assumeTrue(version.exitCode() == 0, "Skipped: cfn-lint on PATH does not run: " + version.output());

        Run lint = run(List.of(cfnLint.get().toString(), "--format", "parseable", Template.FILE.toString()));

        assertThat(lint.output()).as("cfn-lint findings (" + version.output().strip() + ")").isEmpty();
        assertThat(lint.exitCode()).as(lint.output()).isZero();
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("cfn-lint", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("cfn-lint did not finish within 5 minutes: " + command);
            }
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
