package dev.understudy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.mock.internal.Assembly;
import dev.understudy.mock.internal.Json;
import dev.understudy.mock.internal.JsonStream;
import dev.understudy.mock.internal.auth.Jwt;

import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.FaultHandle;
import dev.understudy.mock.fault.FaultRule;
import dev.understudy.mock.fault.Schedule;
import dev.understudy.mock.fault.Scope;
import dev.understudy.mock.journal.Journal;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The one door from this public package into {@code internal}: package-private, so no public type names an
 * internal one (the module exports only the public packages).
 */
final class Bridge {

    private Bridge() {
    }

    static JsonNode parseObject(String json, String what) {
        return Json.parseObject(json, what);
    }

    /** Fails, saying what a usable secret is, unless {@code secret} makes an HS256 key. */
    static void checkSecret(String secret) {
        Jwt.key(secret);
    }

    static com.fasterxml.jackson.databind.node.ObjectNode emptyObject() {
        return Json.object();
    }

    static String write(Object value) {
        return Json.write(value);
    }

    static Map<String, String> flatObject(String json, String what) {
        return JsonStream.flatObject(json, what);
    }

    /** The running parts of one server, behind the front door. */
    static final class Backend {
        private final Assembly assembly;

        Backend(MockStagingServer.Config config) {
            this.assembly = new Assembly(config);
        }

        void start() {
            assembly.start();
        }

        void close() {
            assembly.close();
        }

        boolean started() {
            return assembly.started();
        }

        FaultHandle inject(Fault fault, Scope scope, Schedule schedule) {
            return assembly.inject(fault, scope, schedule);
        }

        List<FaultRule> faults() {
            return assembly.faults();
        }

        boolean removeFault(String id) {
            return assembly.removeFault(id);
        }

        void resetFaults() {
            assembly.resetFaults();
        }

        Journal journal() {
            return assembly.journal();
        }

        NetworkProfile network() {
            return assembly.network();
        }

        void network(NetworkProfile profile) {
            assembly.network(profile);
        }

        String adminToken() {
            return assembly.adminToken();
        }

        String mintToken(String userId, Duration validFor) {
            return assembly.mintToken(userId, validFor);
        }

        void unhealthy(String reason) {
            assembly.unhealthy(reason);
        }

        int openSockets() {
            return assembly.openSockets();
        }

        int openSockets(String userId) {
            return assembly.openSockets(userId);
        }

        int port() {
            return assembly.port();
        }

        URI httpUri() {
            return assembly.httpUri();
        }

        URI webSocketUri(String path) {
            return assembly.webSocketUri(path);
        }

        URI adminUri() {
            return assembly.adminUri();
        }
    }
}
