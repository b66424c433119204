package dev.understudy.junit5;

/** How long one embedded mock server lives: for a whole test class (the default) or for each test method. */
public enum ServerLifecycle {
    /**
     * One server for the class and its {@code @Nested} classes, started before {@code @BeforeAll} and closed after
     * {@code @AfterAll}; faults, the health switch and the journal are reset after every test.
     */
    PER_CLASS,
    /**
     * A new server for every test, started before its {@code @BeforeEach} methods and closed after its
     * {@code @AfterEach} methods; {@code @BeforeAll} methods cannot take the server.
     */
    PER_METHOD
}
