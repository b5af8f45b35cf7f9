package dev.devbox.domain.policy;

import java.util.regex.Pattern;

/**
 * Who a caller is, as devbox records and shows it. The principal is the signed caller's ARN (an
 * IAM user, or an STS assumed-role ARN, whose last part is the session name: SSO users' e-mail)
 * or, in local mode, the access key id. The name is what people read and type ({@code --owner}).
 */
public final class Principals {
    private Principals() {
    }

    /** {@code alice} for {@code arn:aws:iam::1:user/team/alice} and {@code arn:aws:sts::1:assumed-role/Dev/alice}. */
    public static String name(String principal) {
        if (!principal.startsWith("arn:")) {
            return principal;
        }
        String[] parts = principal.split(":", 6); // arn:partition:service:region:account:resource
        String resource = parts[parts.length - 1];
        return resource.substring(resource.lastIndexOf('/') + 1);
    }

    /**
     * True if {@code pattern} names {@code principal}: an ARN pattern with IAM's wildcards
     * ({@code *} any run of characters, {@code ?} one), or a plain name, which names only that exact
     * principal (local mode's access key ids). A plain name never matches an ARN by its last part:
     * anyone who may name a role session could take that name.
     */
    public static boolean matches(String pattern, String principal) {
        if (!pattern.startsWith("arn:")) {
            return pattern.equals(principal);
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return Pattern.matches(regex.toString(), principal);
    }
}
