package io.steadfast.broker.check;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

/** Short reasons for I/O failures, for one-line messages that already name the file. */
final class IoErrors {

  private IoErrors() {}

  /** E.g. "permission denied", "Is a directory"; never a class name or a stack trace. */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
      return fileSystem.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
