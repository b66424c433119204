package dev.understudy.client.internal;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** Builds an SSLContext that trusts the certificates of a PKCS12 trust store (self-signed staging, test servers). */
public final class TrustStores {

    private TrustStores() {
    }

    /**
     * An SSLContext trusting exactly the certificates in the PKCS12 file.
     *
     * @param what how to name the file in an error, e.g. "STAGING_TRUST_STORE"
     * @throws IllegalArgumentException naming {@code what} and the path when it cannot be read
     */
    public static SSLContext fromPkcs12(Path path, char[] password, String what) {
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(what + " points at " + path.toAbsolutePath()
                    + ", which does not exist or cannot be read; expected a PKCS12 trust store");
        }
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(what + " (" + path.toAbsolutePath()
                    + ") could not be loaded as a PKCS12 trust store: " + e.getMessage()
                    + " (wrong password? set STAGING_TRUST_STORE_PASSWORD; default 'changeit')", e);
        }
    }
}
