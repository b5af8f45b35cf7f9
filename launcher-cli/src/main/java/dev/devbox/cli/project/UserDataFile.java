package dev.devbox.cli.project;

import dev.devbox.cli.error.UsageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The file of `devbox launch --user-data FILE`: a shell script (first line {@code #!...}) or a
 * cloud-init {@code #cloud-config} YAML document, as UTF-8 text. Anything else is refused here,
 * with the reason, before the launch asks for anything.
 *
 * @param kind what cloud-init is to do with it
 * @param text the file's text (a UTF-8 byte-order mark dropped)
 * @param file where it came from, for messages
 */
public record UserDataFile(Kind kind, String text, Path file) {
    /** Larger than this cannot fit EC2's 16 KiB even gzipped, in practice; not read at all. */
    static final long MAX_FILE_BYTES = 256 * 1024;

    /** The two forms devbox passes on to cloud-init. */
    public enum Kind {
        SHELL_SCRIPT, CLOUD_CONFIG
    }

    /** Reads and judges {@code file}; a bad one is a one-line {@link UsageException}. */
    public static UserDataFile read(Path file) {
        String name = "--user-data " + file;
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new UsageException(name + " is a directory: give a shell script or a #cloud-config file.");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new UsageException(name + " is " + size + " bytes: user data must fit EC2's 16 KiB limit once"
                        + " gzipped; install from a script that downloads what it needs.");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UsageException(name + ": no such file.");
        } catch (IOException e) {
            throw new UsageException(name + " could not be read: " + e.getMessage() + ".");
        }
        return of(name, file, bytes);
    }

    static UserDataFile of(String name, Path file, byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            throw new UsageException(name + " is gzipped: give the plain script or #cloud-config file (devbox"
                    + " gzips the box's user data itself).");
        }
        String text = utf8(name, bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark would hide the #! from the kernel
        }
        if (text.isBlank()) {
            throw new UsageException(name + " is empty: give a shell script starting with #! or a #cloud-config"
                    + " document.");
        }
        String firstLine = text.lines().findFirst().orElse("").stripTrailing();
        if (firstLine.startsWith("#!")) {
            if (text.contains("\r\n")) {
                throw new UsageException(name + " has Windows line endings (CRLF), on which the box's shell fails:"
                        + " convert it first (dos2unix " + file + ").");
            }
            return new UserDataFile(Kind.SHELL_SCRIPT, text, file);
        }
        if (firstLine.equals("#cloud-config")) {
            return new UserDataFile(Kind.CLOUD_CONFIG, text, file);
        }
        throw new UsageException(name + " starts with '" + shorten(firstLine) + "'" + unsupported(firstLine)
                + ": give a shell script whose first line is #! (like #!/bin/bash) or a YAML document whose first"
                + " line is #cloud-config.");
    }

    /** Why a cloud-init format devbox does not pass on is refused. */
    private static String unsupported(String firstLine) {
        String lower = firstLine.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("content-type:") || lower.startsWith("mime-version:")) {
            return " (a MIME document: devbox builds the multi-part itself)";
        }
        if (firstLine.startsWith("#")) {
            return " (a cloud-init format devbox does not pass on)";
        }
        return "";
    }

    private static String utf8(String name, byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                throw new UsageException(name + " is a binary file: give a shell script or a #cloud-config text file.");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UsageException(name + " is not UTF-8 text: give a shell script or a #cloud-config text file.");
        }
    }

    private static String shorten(String line) {
        String printable = line.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 30 ? printable.substring(0, 30) + "..." : printable;
    }
}
