package io.sluice.launcher.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A step's secret files: a folder only the launcher's user can enter, each file readable by that
 * user only, created with those permissions (never widened after the fact), removed when the
 * attempt ends, also when attempt folders are kept for debugging.
 */
final class SecretFiles {

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private SecretFiles() {}

  /** Writes {@code files} (name to content) into a new {@code folder}. */
  static void write(Path folder, Map<String, byte[]> files) throws IOException {
    Files.createDirectory(folder, attributes("rwx------"));
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path path = folder.resolve(file.getKey());
      if (!path.getParent().equals(folder)) {
        throw new IllegalStateException("secret file name '" + file.getKey() + "' is a path");
      }
      Files.createFile(path, attributes("rw-------"));
      try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.WRITE)) {
        out.write(file.getValue());
      }
    }
  }

  /** Removes the folder and its files; nothing to do when there is none. */
  static void remove(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(folder);
  }

  private static FileAttribute<?>[] attributes(String permissions) {
    return POSIX
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
        }
        : new FileAttribute<?>[0];
  }
}
