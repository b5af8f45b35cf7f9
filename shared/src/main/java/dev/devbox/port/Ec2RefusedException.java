package dev.devbox.port;

/** EC2 refused a launch's request; {@code code} is EC2's error code (InsufficientInstanceCapacity, ...). */
public final class Ec2RefusedException extends RuntimeException {
    private final String code;

    public Ec2RefusedException(String code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code == null ? "" : code;
    }

    public String code() {
        return code;
    }
}
