package dev.understudy.drift;

/**
 * One way a staging differs from the mock: where, what staging did, what the mock does, and the mock setting that
 * would make them agree (null when no setting does).
 */
record Difference(String where, String staging, String mock, String setting) {

    /** The one-line form the report prints. */
    String line() {
        return where + ": staging " + staging + "; mock " + mock + (setting == null ? "" : " (mock setting: " + setting + ")");
    }
}
