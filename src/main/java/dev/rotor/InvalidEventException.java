package dev.rotor;

/** The invocation event is malformed. Thrown before any API call, so nothing has changed. */
public class InvalidEventException extends RotationException {
    private static final long serialVersionUID = 1L;

    public InvalidEventException(String field, String problem) {
        super(ErrorCode.INVALID_EVENT, "Invalid rotation event: field '" + field + "' " + problem);
    }
}
