package dev.iommupolicy.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line as a user would, capturing standard output and standard error. */
final class CliRunner {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    int run(String... args) {
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
