package dev.iommupolicy.report;

import dev.iommupolicy.verify.Check;
import dev.iommupolicy.verify.FixtureResult;
import dev.iommupolicy.verify.FixtureResult.Status;
import dev.iommupolicy.verify.SuiteOutcome;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML (the Ant/Surefire schema CI servers read): per fixture one test case that it reads and
 * evaluates, and one per expectation, named {@code classname=<fixture path>}, {@code name=<expectation>}.
 */
public final class JunitReport {

    public void write(SuiteOutcome outcome, OutputStream stream) {
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(stream, StandardCharsets.UTF_8.name());
            xml.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "iommu-policy");
            long cases = outcome.results().stream().mapToLong(r -> 1 + r.checks().size()).sum();
            long failures = outcome.results().stream().mapToLong(r -> r.failedChecks().size()).sum();
            xml.writeAttribute("tests", String.valueOf(cases));
            xml.writeAttribute("failures", String.valueOf(failures));
            xml.writeAttribute("errors", String.valueOf(outcome.count(Status.ERROR)));
            xml.writeAttribute("skipped", String.valueOf(outcome.count(Status.SKIPPED)));
            xml.writeAttribute("time", seconds(outcome.nanos()));
            for (FixtureResult r : outcome.results()) {
                fixture(xml, r);
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
            stream.write('\n');
            stream.flush();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit report", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void fixture(XMLStreamWriter xml, FixtureResult r) throws XMLStreamException {
        String classname = r.file().toString();
        testcase(xml, classname, "reads and evaluates", seconds(r.nanos()));
        if (r.status() == Status.ERROR) {
            xml.writeStartElement("error");
            xml.writeAttribute("message", r.problems().get(0));
            xml.writeCharacters(String.join("\n", r.problems()));
            xml.writeEndElement();
        } else if (r.status() == Status.SKIPPED) {
            xml.writeEmptyElement("skipped");
            xml.writeAttribute("message", String.join("; ", r.problems()));
        }
        xml.writeEndElement();
        for (Check c : r.checks()) {
            testcase(xml, classname, c.name(), "0");
            if (!c.passed()) {
                xml.writeStartElement("failure");
                xml.writeAttribute("message", c.failure().lines().findFirst().orElse(""));
                xml.writeCharacters(c.failure());
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
    }

    private static void testcase(XMLStreamWriter xml, String classname, String name, String time) throws XMLStreamException {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", classname);
        xml.writeAttribute("name", name);
        xml.writeAttribute("time", time);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }
}
