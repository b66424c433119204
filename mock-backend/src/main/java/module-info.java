/**
 * The mock staging backend: the front door ({@code dev.understudy.mock}), the fault values
 * ({@code dev.understudy.mock.fault}), the journal's read view ({@code dev.understudy.mock.journal}) and the
 * standalone's main ({@code dev.understudy.mock.cli}). Everything under {@code internal} stays inside.
 *
 * <p>On the module path JJWT finds its implementation reflectively: resolve it with
 * {@code --add-modules jjwt.impl,jjwt.jackson} (or {@code ALL-MODULE-PATH}).
 */
module dev.understudy.mock {
    requires transitive dev.understudy.fixtures;
    requires transitive com.fasterxml.jackson.databind;
    requires undertow.core;
    requires xnio.api;
    requires jjwt.api;
    requires java.logging;
    requires java.net.http;

    exports dev.understudy.mock;
    exports dev.understudy.mock.fault;
    exports dev.understudy.mock.journal;
    exports dev.understudy.mock.cli;
}
