package dev.rotor.cli;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotor.internal.Json;
import dev.rotor.testing.LocalSecretsManager;
import java.io.File;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@code rotor rotate}: rotates a secret on a fresh local Secrets Manager with any rotation function class, the
 * way the service does: RotateSecret, then createSecret, setSecret, testSecret and finishSecret.
 *
 * <p>The handler runs in a child JVM ({@link ChildProcessFunction}), because its no-argument constructor reads its
 * endpoint from the environment ({@code SECRETS_MANAGER_ENDPOINT}), which a running JVM cannot change for itself.
 */
final class RotateCommand implements Command {
    static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:rotor-local";

    @Override
    public String name() {
        return "rotate";
    }

    @Override
    public String summary() {
        return "Rotate a secret on a local Secrets Manager with any handler class, to try a custom function.";
    }

    @Override
    public String description() {
        return """
                Starts a local Secrets Manager, creates the secrets given with --secret (the first is the one
                rotated unless --secret-id names another), and runs RotateSecret with the handler class as the
                rotation function. The class must implement com.amazonaws.services.lambda.runtime.
                RequestStreamHandler and have a public no-argument constructor, as a SAM Handler does. It runs in
                a child JVM whose environment points it at the local service: SECRETS_MANAGER_ENDPOINT and
                AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_REGION=us-east-1 and dummy credentials (real AWS
                credentials are not passed on). Every other variable (ROTOR_DB_TLS_MODE, PASSWORD_LENGTH, ...)
                is inherited. Its logs are shown prefixed with '|'. Then it prints the timeline: every step,
                its duration, the Secrets Manager calls and the labels after it. No secret value is printed.

                Exit codes: 0 the rotation succeeded, 1 it failed (the timeline shows where), 2 bad options.

                Example:
                  rotor rotate --handler com.example.MyRotationHandler --classpath target/my-function.jar \\
                      --secret app/db=secret.json --secret app/admin=admin.json""";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.required("handler", "CLASS", "The rotation function's class (a RequestStreamHandler)."),
                SecretFiles.OPTION,
                Option.value("secret-id", "NAME", "Which --secret to rotate (default: the first)."),
                Option.value("classpath", "PATH", "Jars or directories with the handler, ':'-separated."),
                Option.value("attempts", "N", "How often the service retries a failed rotation (default 1)."),
                Option.value("timeout", "SECONDS", "The function timeout per step (default 30)."),
                Option.flag("json", "Print the result as one JSON document on stdout."));
    }

    @Override
    public int run(Arguments arguments, Console console) throws Exception {
        String handler = arguments.require("handler");
        List<Path> classpath = classpath(arguments.value("classpath").orElse(""));
        checkHandler(handler, classpath);
        List<SecretFiles> secrets = SecretFiles.parse(arguments);
        if (secrets.isEmpty()) {
            throw CliException.usage("'rotor rotate' needs at least one --secret NAME=FILE, the secret to rotate");
        }
        String target = arguments.value("secret-id").orElse(secrets.get(0).name());
        if (secrets.stream().noneMatch(secret -> secret.name().equals(target))) {
            throw CliException.usage("--secret-id " + target + " is none of the --secret names");
        }
        int attempts = arguments.integer("attempts", 1, 10).orElse(1);
        Duration timeout = Duration.ofSeconds(arguments.integer("timeout", 1, 900).orElse(30));

        try (LocalSecretsManager local = LocalSecretsManager.start()) {
            console.progress("local Secrets Manager on " + local.endpoint());
            String arn = null;
            for (SecretFiles secret : secrets) {
                String created = secret.create(local);
                console.progress("created secret " + secret.name());
                if (secret.name().equals(target)) {
                    arn = created;
                }
            }
            String secretArn = arn;
            console.progress("starting " + handler + " in a function JVM");
            try (ChildProcessFunction function = ChildProcessFunction.start(handler, classpath, local.endpoint(),
                    FUNCTION_ARN, timeout, console.err())) {
                local.register(FUNCTION_ARN, function);
                local.simulator().maxAttempts(attempts).functionTimeout(timeout);
                long after = local.timeline().entries().stream().mapToLong(e -> e.sequence()).max().orElse(0);
                console.progress("RotateSecret " + target);
                long start = System.nanoTime();
                try {
                    local.client().rotateSecret(b -> b.secretId(secretArn).rotationLambdaARN(FUNCTION_ARN));
                } catch (software.amazon.awssdk.core.exception.SdkException e) {
                    console.warn("RotateSecret answered " + AwsErrors.describe(e));
                }
                RotationReport report = RotationReport.from("rotation of " + target, handler, local.timeline(),
                        after, secretArn, (System.nanoTime() - start) / 1_000_000, local.engine().versionIds(secretArn),
                        new LinkedHashMap<>());
                if (arguments.has("json")) {
                    ObjectNode json = report.json();
                    json.put("secret", target);
                    console.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
                } else {
                    console.out().print(report.text());
                    console.println("  final labels: " + RotationReport.labelText(report.finalLabels()));
                }
                return report.passed() ? ExitCodes.OK : ExitCodes.FAILURE;
            }
        }
    }

    private static List<Path> classpath(String value) {
        List<Path> paths = new ArrayList<>();
        for (String entry : value.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry.strip());
            if (!Files.exists(path)) {
                throw CliException.usage("--classpath entry " + path + " does not exist");
            }
            paths.add(path);
        }
        return paths;
    }

    /** Refuses, before anything starts, a class that is missing or cannot be a rotation function. */
    private static void checkHandler(String name, List<Path> classpath) throws MalformedURLException {
        URL[] urls = new URL[classpath.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = classpath.get(i).toUri().toURL();
        }
        try (URLClassLoader loader = new URLClassLoader(urls, RotateCommand.class.getClassLoader())) {
            Class<?> type = Class.forName(name, false, loader);
            if (!RequestStreamHandler.class.isAssignableFrom(type)) {
                throw CliException.usage(name + " is not a com.amazonaws.services.lambda.runtime.RequestStreamHandler");
            }
            if (!Modifier.isPublic(type.getModifiers())) {
                throw CliException.usage(name + " is not public");
            }
            if (Modifier.isAbstract(type.getModifiers())) {
                throw CliException.usage(name + " is abstract");
            }
            if (!Modifier.isPublic(type.getConstructor().getModifiers())) {
                throw CliException.usage(name + " has no public no-argument constructor");
            }
        } catch (ClassNotFoundException | LinkageError e) {
            throw CliException.usage("handler class " + name + " not found on the classpath (add its jar with"
                    + " --classpath)");
        } catch (NoSuchMethodException e) {
            throw CliException.usage(name + " has no public no-argument constructor");
        } catch (java.io.IOException e) {
            throw CliException.failure("cannot close the class loader (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
