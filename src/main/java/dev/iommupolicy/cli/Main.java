package dev.iommupolicy.cli;

import dev.iommupolicy.engine.RuleCompilationException;
import dev.iommupolicy.engine.RuleResultException;
import dev.iommupolicy.input.InputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code iommu-policy}: the root command. Subcommands do the work; this class maps failures to exit codes. */
@Command(name = "iommu-policy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Derives Linux IOMMU groups and VFIO ownership verdicts from a PCI topology with editable Drools rules.",
        subcommands = {CheckCommand.class, PlanCommand.class, TestCommand.class, RulesCommand.class, SnapshotCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ran and reported",
            "1:internal error (a bug, or a rule pack that broke the kernel's invariants)",
            "2:bad usage, invalid input, or rules that do not compile",
            "3:plan refused (host-critical device, unfixable blocker, failing bind)",
            "4:test: a fixture failed, none was found, or coverage is below --coverage-min; rules lint: findings"})
public final class Main {

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            // a machine of some 100,000 functions needs a few GiB of heap for the rule session
            System.err.println("error: out of memory: run with a larger heap, e.g. IOMMU_POLICY_JAVA_OPTS=-Xmx4g bin/iommu-policy ..."
                    + " (java -Xmx4g -jar ...)");
            code = ExitCode.INTERNAL_ERROR.code();
        }
        System.exit(code);
    }

    /** The configured command line; tests call {@code execute} on it with their own writers. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::handle);
        return cli;
    }

    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        ExitCode code;
        if (e instanceof InputException input) {
            input.problems().forEach(p -> err.println("error: " + p));
            code = ExitCode.INPUT_ERROR;
        } else if (e instanceof RuleCompilationException rules) {
            rules.problems().forEach(p -> err.println("rule error: " + p));
            code = ExitCode.INPUT_ERROR;
        } else if (e instanceof RuleResultException result) {
            err.println("internal error: " + result.getMessage());
            code = ExitCode.INTERNAL_ERROR;
        } else {
            err.println("internal error: " + e);
            code = ExitCode.INTERNAL_ERROR;
        }
        err.flush();
        return code.code();
    }
}
