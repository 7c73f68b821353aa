package dev.loop.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** Maps the JDK's exceptions to {@link IoError}s that carry Node's code and the path. */
final class IoErrors {

    private IoErrors() {
    }

    /**
     * The error to reject with for {@code failure}, raised by {@code operation} on {@code path}.
     * Errors that are already {@link IoError}s, and unchecked exceptions, pass through.
     */
    static Throwable map(Throwable failure, String operation, Path path) {
        if (failure instanceof IoError || !(failure instanceof IOException io)) {
            return failure;
        }
        String what = operation + " '" + path + "'";
        String reason = io instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : String.valueOf(io.getMessage());
        return switch (io) {
            case NoSuchFileException e -> new NoSuchFile(what + ": no such file or directory", path, e);
            case AccessDeniedException e -> new AccessDenied(what + ": permission denied", path, e);
            case FileAlreadyExistsException e -> new FileAlreadyExists(what + ": file already exists", path, e);
            case DirectoryNotEmptyException e -> new DirectoryNotEmpty(what + ": directory not empty; remove it with recursive(true)", path, e);
            case NotDirectoryException e -> new NotADirectory(what + ": not a directory", path, e);
            default -> byReason(reason, what, path, io);
        };
    }

    /**
     * The error to reject a network operation with: {@code operation} on {@code address} (a
     * socket address, or a description of the connection).
     */
    static Throwable mapNet(Throwable failure, String operation, Object address) {
        if (failure instanceof java.nio.channels.UnresolvedAddressException unresolved) {
            return new IoError("ENOTFOUND", operation + " " + address + ": the host name is unknown", null, unresolved);
        }
        if (failure instanceof IoError || !(failure instanceof IOException io)) {
            return failure;
        }
        String what = operation + " " + address;
        String reason = String.valueOf(io.getMessage());
        if (io instanceof java.net.BindException || reason.contains("Address already in use")) {
            return new AddressInUse(what + ": the address is already in use; stop the other server or pick another port", io);
        }
        if (reason.contains("Connection refused")) {
            return new ConnectionRefused(what + ": connection refused; nobody listens there", io);
        }
        if (reason.contains("Connection reset")) {
            return new ConnectionReset(what + ": the peer reset the connection", io);
        }
        if (reason.contains("Broken pipe")) {
            return new IoError("EPIPE", what + ": the peer closed the connection", null, io);
        }
        if (io instanceof java.nio.channels.ClosedChannelException) {
            return new IoError("EBADF", what + ": the socket is closed", null, io);
        }
        return new IoError("EIO", what + ": " + reason, null, io);
    }

    /** What the JDK reports only as text (errno strings from the OS). */
    private static IoError byReason(String reason, String what, Path path, IOException io) {
        if (reason.contains("Is a directory")) {
            return new IsADirectory(what + ": is a directory; use readdir for directories", path, io);
        }
        if (reason.contains("Not a directory")) {
            return new NotADirectory(what + ": not a directory", path, io);
        }
        if (reason.contains("Permission denied")) {
            return new AccessDenied(what + ": permission denied", path, io);
        }
        if (reason.contains("No such file")) {
            return new NoSuchFile(what + ": no such file or directory", path, io);
        }
        return new IoError("EIO", what + ": " + reason, path, io);
    }
}
