package io.steadfast.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} / {@code 127.0.0.1} and its private key, as PEM
 * files (X.509 certificate, unencrypted PKCS#8 key) as RocketMQ's servers read them. Made with the
 * JDK's {@code keytool}, offline, valid for a week. Point a client's trust store at {@link
 * #certificate()} to make it trust the servers of an {@link EmbeddedRocketMQ.Builder#tls() TLS
 * cluster}; generate a second one to have a certificate a client must not trust.
 *
 * @param certificate the certificate, PEM
 * @param privateKey its private key, PEM (PKCS#8, unencrypted)
 */
public record TlsCertificate(Path certificate, Path privateKey) {
  private static final String ALIAS = "steadfast";
  private static final char[] STORE_PASSWORD = "steadfast".toCharArray();

  /**
   * Generates a key pair and a self-signed certificate into {@code dir} ({@code <name>.crt}, {@code
   * <name>.key}).
   *
   * @throws IllegalStateException if keytool fails
   */
  public static TlsCertificate generate(Path dir, String name) {
    try {
      Files.createDirectories(dir);
      Path store = dir.resolve(name + ".p12");
      Files.deleteIfExists(store);
      runKeytool(store);
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keys.load(in, STORE_PASSWORD);
      }
      Certificate cert = keys.getCertificate(ALIAS);
      Key key = keys.getKey(ALIAS, STORE_PASSWORD);
      TlsCertificate files =
          new TlsCertificate(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
      Files.writeString(files.certificate, pem("CERTIFICATE", cert.getEncoded()));
      Files.writeString(files.privateKey, pem("PRIVATE KEY", key.getEncoded()));
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a TLS certificate into " + dir, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the key store keytool wrote into " + dir, e);
    }
  }

  private static void runKeytool(Path store) throws IOException {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    List<String> command =
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            ALIAS,
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-validity",
            "7",
            "-dname",
            "CN=localhost",
            "-ext",
            "SAN=dns:localhost,ip:127.0.0.1",
            "-storetype",
            "PKCS12",
            "-keystore",
            store.toString(),
            "-storepass",
            new String(STORE_PASSWORD),
            "-keypass",
            new String(STORE_PASSWORD));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool failed to generate a certificate: " + output);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while keytool generated a certificate", e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
