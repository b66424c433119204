package dev.understudy.mock.fault;

import java.time.Instant;

/**
 * One injected fault as the server holds it: the fault, its scope and schedule, and what it has done so far.
 *
 * @param id        the handle's id, also used by the admin API
 * @param chances   how many chances in scope it has been given
 * @param hits      how many times it struck
 * @param active    false once spent (hits, duration) or removed
 */
public record FaultRule(String id, Fault fault, Scope scope, Schedule schedule, Instant added, long chances, long hits,
                        boolean active) {
}
