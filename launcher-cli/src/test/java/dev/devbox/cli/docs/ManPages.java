package dev.devbox.cli.docs;

import dev.devbox.cli.Devbox;
import java.io.File;
import java.io.IOException;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build-time tool (the package phase runs it, see launcher-cli/pom.xml): writes the AsciiDoc man
 * pages of devbox and each of its commands from picocli's model of them, which asciidoctor then
 * turns into roff for the release archive. It lives with the tests so picocli's code generator
 * never reaches the product's classpath.
 */
public final class ManPages {
    private ManPages() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ManPages OUTPUT_DIR");
        }
        File out = new File(args[0]);
        if (!out.isDirectory() && !out.mkdirs()) {
            throw new IOException("cannot create " + out);
        }
        CommandLine model = Devbox.model();
        // No template directory: picocli's own layout; no verbose output.
        int written = ManPageGenerator.generateManPage(out, null, new boolean[0], true, model.getCommandSpec());
        if (written != 0) {
            throw new IOException("picocli's man page generator failed (" + written + ")");
        }
    }
}
