package dev.understudy.contract.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/check.md's flags are --help's text, and its suite example is the region of the test that runs it. */
@Timeout(30)
class CheckDocsTest {

    @Test
    void theFlagsSectionIsTheUsageText() throws Exception {
        assertThat(Docs.block(Docs.CHECK_MD, "## Flags", "text")).isEqualTo(CheckOptions.USAGE);
    }

    @Test
    void theSuiteExampleIsTheRunContractSuiteExampleTest() throws Exception {
        Path source = Path.of("src", "test", "java", "dev", "understudy", "contract", "check", "ContractSuiteExampleTest.java");
        assertThat(Docs.block(Docs.CHECK_MD, "## From your build", "java")).isEqualTo(Docs.region(source, "check.md:suite"));
    }
}
