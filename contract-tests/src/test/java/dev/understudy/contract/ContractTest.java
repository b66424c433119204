package dev.understudy.contract;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/**
 * Marks a class of the contract suite: it runs against the target {@link TargetExtension} resolves (the embedded
 * mock by default, staging by the flag of docs/contract.md's target switch), with a class-level timeout.
 */
@Retention(RetentionPolicy.RUNTIME)
@java.lang.annotation.Target(ElementType.TYPE)
@ExtendWith(TargetExtension.class)
@Timeout(120)
public @interface ContractTest {
}
