package io.sluice.security.tokens;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The RSA key pair that signs local-mode tokens, kept as two PEM files in one folder: {@value
 * #PRIVATE_KEY} (PKCS#8, readable by its owner only) and {@value #PUBLIC_KEY} (X.509, what the
 * services verify tokens with through {@code mp.jwt.verify.publickey.location}). A real
 * installation uses its OIDC provider's keys instead and never needs this class.
 */
public final class SigningKeys {

  /** The private key's file name. */
  public static final String PRIVATE_KEY = "token-signing-key.pem";

  /** The public key's file name. */
  public static final String PUBLIC_KEY = "token-signing-key.pub.pem";

  private static final int KEY_BITS = 2048;

  private final Path folder;

  public SigningKeys(Path folder) {
    this.folder = folder;
  }

  /** The public key file the services are pointed at. */
  public Path publicKeyFile() {
    return folder.resolve(PUBLIC_KEY);
  }

  public Path privateKeyFile() {
    return folder.resolve(PRIVATE_KEY);
  }

  /** Whether the private key exists (a public key alone cannot sign). */
  public boolean exist() {
    return Files.isRegularFile(privateKeyFile());
  }

  /**
   * Creates the key pair unless it exists; returns whether it created one. Tokens signed before
   * stay valid as long as the pair is kept.
   */
  public boolean createIfMissing() throws IOException {
    if (exist()) {
      if (!Files.isRegularFile(publicKeyFile())) {
        writePublic(publicKeyOf(loadPrivateKey()));
      }
      return false;
    }
    Files.createDirectories(folder);
    KeyPair pair = generate();
    writeOwnerOnly(privateKeyFile(), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    writePublic(pair.getPublic());
    return true;
  }

  /** The private key, read from its PEM file. */
  public PrivateKey loadPrivateKey() throws IOException {
    byte[] der = Pem.decode(Files.readString(privateKeyFile(), StandardCharsets.US_ASCII));
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IOException(privateKeyFile() + " is not an RSA private key in PKCS#8 PEM", e);
    }
  }

  private void writePublic(PublicKey key) throws IOException {
    Files.writeString(publicKeyFile(), pem("PUBLIC KEY", key.getEncoded()));
  }

  private static PublicKey publicKeyOf(PrivateKey key) throws IOException {
    if (!(key instanceof RSAPrivateCrtKey crt)) {
      throw new IOException("the signing key does not carry its public exponent");
    }
    try {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot derive the public key", e);
    }
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(KEY_BITS);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot generate RSA keys", e);
    }
  }

  private static void writeOwnerOnly(Path file, String content) throws IOException {
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(file + " appeared while creating it; not overwriting it", e);
    }
    Files.writeString(file, content, StandardCharsets.US_ASCII);
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
