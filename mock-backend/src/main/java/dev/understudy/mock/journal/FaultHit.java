package dev.understudy.mock.journal;

import dev.understudy.mock.fault.Fault;

import java.time.Duration;

/**
 * A fault that struck a WebSocket connection: when (since the socket opened) and which.
 *
 * @param at            when it was decided: at the welcome for an upgrade fault, at the run request for a run fault
 * @param fault         the fault
 * @param expectedAfter for an omitted event, the event the scenario sends just before it (where it is missing),
 *                      else null
 */
public record FaultHit(Duration at, Fault fault, String expectedAfter) {
}
