package dev.understudy.junit5;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's Java example is, byte for byte, the region of the test that compiles and runs it. */
@Timeout(30)
class SnippetsTest {

    static final Path TESTS = Path.of("src", "test", "java", "dev", "understudy", "junit5");

    @Test
    void theReadmesJUnitExampleIsTheRunReadmeExampleTest() throws Exception {
        String readme = Snippets.markdownBlock(Snippets.root().resolve("README.md"), "## In a JUnit test", "java");
        String source = Snippets.region(TESTS.resolve("ReadmeExampleTest.java"), "README");
        assertThat(readme).isEqualTo(source);
    }
}
