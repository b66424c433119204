package dev.understudy.mock.internal.control;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random tokens for the admin API when it is bound beyond loopback. */
public final class RandomTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomTokens() {
    }

    /** 32 random hex characters. */
    public static String adminToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
