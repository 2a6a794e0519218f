package dev.iommupolicy.cli;

import dev.iommupolicy.input.InputException;
import dev.iommupolicy.input.SysfsReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snapshot}: captures a machine's PCI topology (live or a copied file-system root) as topology YAML. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Writes the machine's PCI topology as a v1 topology file, with the kernel's groups as its expectation.")
final class SnapshotCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--fsroot", paramLabel = "DIR", defaultValue = "/",
            description = "File-system root holding sys/ and proc/ (default: ${DEFAULT-VALUE}).")
    private Path fsroot;

    @Option(names = "--name", description = "metadata.name of the topology (default: the machine's host name).")
    private String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of standard output.")
    private Path output;

    @Override
    public Integer call() {
        SysfsReader reader = new SysfsReader(fsroot);
        String yaml = reader.snapshotYaml(name != null ? name : reader.hostName());
        if (output == null) {
            spec.commandLine().getOut().print(yaml);
            spec.commandLine().getOut().flush();
        } else {
            try {
                Files.writeString(output, yaml, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InputException(output + ": cannot write: " + e.getMessage());
            }
        }
        return ExitCode.OK.code();
    }
}
