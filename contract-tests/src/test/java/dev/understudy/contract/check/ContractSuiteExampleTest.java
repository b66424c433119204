package dev.understudy.contract.check;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

// docs/check.md's "From your build" example, compiled and run here against the embedded mock (CheckDocsTest
// checks the page shows this region).
// check.md:suite:begin
@Suite
@SelectPackages("dev.understudy.contract")
@IncludeClassNamePatterns(".*ContractTest")
@ConfigurationParameter(key = "junit.jupiter.execution.timeout.default", value = "60 s")
class ContractSuiteExampleTest {
    // -Dcontract.target=staging and the STAGING_* variables point it at your staging
}
// check.md:suite:end
