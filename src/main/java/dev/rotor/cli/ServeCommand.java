package dev.rotor.cli;

import dev.rotor.testing.LocalSecretsManager;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code rotor serve}: the local Secrets Manager on a port, until interrupted. */
final class ServeCommand implements Command {
    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String summary() {
        return "Run the local Secrets Manager on a port, for the AWS CLI, SAM or your own handler.";
    }

    @Override
    public String description() {
        return """
                Serves the local Secrets Manager (the AWS JSON 1.1 protocol, any SigV4 credentials accepted) on
                127.0.0.1 until Ctrl-C. It keeps everything in memory. Point tools at it:

                  aws --endpoint-url http://127.0.0.1:4566 --region us-east-1 secretsmanager describe-secret \\
                      --secret-id app/db
                  export SECRETS_MANAGER_ENDPOINT=http://127.0.0.1:4566   # read by Rotor handlers
                  sam local invoke --docker-network host --env-vars env.json ...   # env.json sets it too

                It listens on loopback only: a container reaches it with the host network.

                Example:
                  rotor serve --port 4566 --secret app/db=secret.json""";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("port", "N", "Port to listen on (default 4566; 0 picks a free one)."),
                SecretFiles.OPTION);
    }

    @Override
    public int run(Arguments arguments, Console console) {
        int port = arguments.integer("port", 0, 65_535).orElse(4566);
        List<SecretFiles> secrets = SecretFiles.parse(arguments);
        LocalSecretsManager local;
        try {
            local = LocalSecretsManager.start(port);
        } catch (UncheckedIOException e) {
            throw CliException.failure("cannot listen on 127.0.0.1:" + port + " ("
                    + e.getCause().getClass().getSimpleName() + "); is another server using it? Try --port 0", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            local.close();
            stopped.countDown();
        }, "rotor-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (SecretFiles secret : secrets) {
                console.println("Created secret " + secret.name() + ": " + secret.create(local));
            }
            console.println("Local Secrets Manager listening on " + local.endpoint()
                    + " (region us-east-1, any credentials; Ctrl-C stops it)");
            console.out().flush();
            stopped.await();
            return ExitCodes.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.OK;
        } finally {
            local.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down, and the hook is running
            }
        }
    }
}
