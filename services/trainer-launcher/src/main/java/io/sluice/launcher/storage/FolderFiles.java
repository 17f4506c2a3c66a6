package io.sluice.launcher.storage;

import io.sluice.events.FileDigest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Lists a local folder's regular files with size and sha256, as {@link FileDigest}s. */
public final class FolderFiles {

  private FolderFiles() {}

  /**
   * Every regular file below {@code folder} (symbolic links are refused: a step could otherwise
   * upload anything the launcher can read).
   */
  public static List<FileDigest> of(Path folder) throws IOException {
    List<FileDigest> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path file : walk.sorted().toList()) {
        if (Files.isSymbolicLink(file)) {
          throw new IOException("symbolic link " + folder.relativize(file) + " is not allowed");
        }
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          files.add(digest(folder, file));
        }
      }
    }
    return files;
  }

  private static FileDigest digest(Path folder, Path file) throws IOException {
    String relative =
        folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    return new FileDigest(relative, Files.size(file), sha256(file));
  }

  /** The sha256 of a file's content, as 64 hex digits. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest = newSha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
