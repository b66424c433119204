package dev.understudy.junit5;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/junit.md shows, byte for byte, the regions of the sources that compile and run its examples. */
@Timeout(30)
class DocsSnippetsTest {

    static final Path PAGE = Snippets.root().resolve("docs").resolve("junit.md");

    @Test
    void theAnnotationExampleIsTheRunDocsAnnotationExampleTest() throws Exception {
        assertThat(Snippets.markdownBlock(PAGE, "## One annotation", "java"))
                .isEqualTo(Snippets.region(SnippetsTest.TESTS.resolve("DocsAnnotationExampleTest.java"), "junit.md:annotation"));
    }

    @Test
    void theFieldExampleIsTheRunDocsFieldExampleTest() throws Exception {
        assertThat(Snippets.markdownBlock(PAGE, "## A field, for everything else", "java"))
                .isEqualTo(Snippets.region(SnippetsTest.TESTS.resolve("DocsFieldExampleTest.java"), "junit.md:field"));
    }

    @Test
    void theDependencyBlockIsTheQuickstartProjectsWhichCiBuilds() throws Exception {
        Path pom = Snippets.root().resolve("examples").resolve("junit-quickstart").resolve("pom.xml");
        assertThat(Snippets.markdownBlock(PAGE, "## Add it", "xml")).isEqualTo(Snippets.region(pom, "junit.md:dependencies"));
    }
}
