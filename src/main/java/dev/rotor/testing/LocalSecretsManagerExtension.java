package dev.rotor.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a fresh {@link LocalSecretsManager} for each test and stops it afterwards. Either declare a parameter:
 *
 * <pre>{@code
 * @ExtendWith(LocalSecretsManagerExtension.class)
 * class MyRotationTest {
 *     @Test
 *     void rotates(LocalSecretsManager local) { ... }
 * }
 * }</pre>
 *
 * or register it in a field and call {@link #get()}:
 *
 * <pre>{@code
 * @RegisterExtension
 * final LocalSecretsManagerExtension secretsManager = new LocalSecretsManagerExtension();
 * }</pre>
 */
public final class LocalSecretsManagerExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalSecretsManagerExtension.class);

    private volatile LocalSecretsManager current;

    @Override
    public void beforeEach(ExtensionContext context) {
        current = local(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        LocalSecretsManager local = context.getStore(NAMESPACE).remove(LocalSecretsManager.class,
                LocalSecretsManager.class);
        if (local != null) {
            local.close();
        }
        current = null;
    }

    /** The service of the running test. */
    public LocalSecretsManager get() {
        LocalSecretsManager local = current;
        if (local == null) {
            throw new IllegalStateException("No test is running: the service exists only during a test");
        }
        return local;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalSecretsManager.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return local(context);
    }

    private static LocalSecretsManager local(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(LocalSecretsManager.class,
                key -> LocalSecretsManager.start(), LocalSecretsManager.class);
    }
}
