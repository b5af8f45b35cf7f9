package dev.devbox.port;

/**
 * EC2 refused or failed a launch's request; {@code code} is EC2's error code
 * (InsufficientInstanceCapacity, ...). {@code refused} is true for a client error (4xx): EC2 judged
 * the request and did nothing; false for a server error, after which the request may have taken
 * effect.
 */
public final class Ec2RefusedException extends RuntimeException {
    private final String code;
    private final boolean refused;

    public Ec2RefusedException(String code, String message, Throwable cause) {
        this(code, message, true, cause);
    }

    public Ec2RefusedException(String code, String message, boolean refused, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code == null ? "" : code;
        this.refused = refused;
    }

    public String code() {
        return code;
    }

    public boolean refused() {
        return refused;
    }
}
