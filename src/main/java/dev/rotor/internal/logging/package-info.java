/**
 * The SLF4J backend of the Lambda package: every log event becomes one call of the Lambda runtime's own logger
 * ({@code LambdaRuntime.getLogger()}), so that the runtime applies {@code AWS_LAMBDA_LOG_FORMAT} (text or JSON) and
 * the request id, and every event is one line. Library code never uses these classes: it logs through the SLF4J API.
 *
 * <p>Only the Lambda package ({@code target/rotor-lambda.zip}) registers {@link
 * dev.rotor.internal.logging.LambdaLoggingProvider} as an SLF4J provider; the library jar carries the classes but no
 * registration, so its users keep their own backend.
 */
package dev.rotor.internal.logging;
