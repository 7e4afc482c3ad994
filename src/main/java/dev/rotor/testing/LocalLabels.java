package dev.rotor.testing;

/** The staging labels the service itself gives meaning to. */
final class LocalLabels {
    static final String AWSCURRENT = "AWSCURRENT";
    static final String AWSPENDING = "AWSPENDING";
    static final String AWSPREVIOUS = "AWSPREVIOUS";

    private LocalLabels() {
    }
}
