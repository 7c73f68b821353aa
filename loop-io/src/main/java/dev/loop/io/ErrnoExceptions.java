package dev.loop.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Maps the JDK's exceptions to {@link ErrnoException}s that carry Node's code and the path. The JDK
 * has exception types for a few codes only; for the rest its message is the system's
 * {@code strerror} text, which is matched here (Linux's texts, which glibc and musl share).
 */
final class ErrnoExceptions {

    private ErrnoExceptions() {
    }

    /**
     * The error to reject with for {@code failure}, raised by {@code operation} on {@code path}.
     * Errors that are already {@link ErrnoException}s, and unchecked exceptions, pass through.
     */
    static Throwable map(Throwable failure, String operation, Path path) {
        if (failure instanceof ErrnoException || !(failure instanceof IOException io)) {
            return failure;
        }
        String what = operation + " '" + path + "'";
        String reason = io instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : String.valueOf(io.getMessage());
        return switch (io) {
            case NoSuchFileException e -> new NoSuchFileOrDirectoryException(what + ": no such file or directory", path, e);
            case AccessDeniedException e -> new PermissionDeniedException(what + ": permission denied", path, e);
            case FileAlreadyExistsException e -> new FileExistsException(what + ": file already exists", path, e);
            case DirectoryNotEmptyException e -> notEmpty(operation, what, path, e);
            case NotDirectoryException e -> new NotADirectoryException(what + ": not a directory", path, e);
            default -> byReason(reason, operation, what, path, io);
        };
    }

    /**
     * The error to reject a network operation with: {@code operation} on {@code address} (a
     * socket address, or a description of the connection).
     */
    static Throwable mapNet(Throwable failure, String operation, Object address) {
        if (failure instanceof java.nio.channels.UnresolvedAddressException unresolved) {
            return new HostNotFoundException(operation + " " + address + ": the host name is unknown", unresolved);
        }
        if (failure instanceof ErrnoException || !(failure instanceof IOException io)) {
            return failure;
        }
        String what = operation + " " + address;
        String reason = String.valueOf(io.getMessage());
        if (io instanceof java.net.BindException || reason.contains("Address already in use")) {
            return new AddressAlreadyInUseException(what + ": the address is already in use; stop the other server or pick another port", io);
        }
        if (reason.contains("Connection refused")) {
            return new ConnectionRefusedException(what + ": connection refused; nobody listens there", io);
        }
        if (reason.contains("Connection reset")) {
            return new ConnectionResetException(what + ": the peer reset the connection", io);
        }
        if (reason.contains("Broken pipe")) {
            return new ErrnoException("EPIPE", what + ": the peer closed the connection", null, io);
        }
        ErrnoException resources = resources(reason, what, null, io);
        if (resources != null) {
            return resources;
        }
        if (io instanceof java.nio.channels.ClosedChannelException) {
            return new ErrnoException("EBADF", what + ": the socket is closed", null, io);
        }
        return new ErrnoException("EIO", what + ": " + reason, null, io);
    }

    /** What the JDK reports only as text (errno strings from the OS). */
    private static ErrnoException byReason(String reason, String operation, String what, Path path, IOException io) {
        ErrnoException resources = resources(reason, what, path, io);
        if (resources != null) {
            return resources;
        }
        if (reason.contains("Is a directory")) {
            String hint = operation.equals("readFile") ? "; use readdir for directories" : "";
            return new IsADirectoryException(what + ": is a directory" + hint, path, io);
        }
        if (reason.contains("Not a directory")) {
            return new NotADirectoryException(what + ": not a directory", path, io);
        }
        if (reason.contains("Directory not empty")) { // rename(2) onto a directory with entries
            return notEmpty(operation, what, path, io);
        }
        if (reason.contains("Permission denied")) {
            return new PermissionDeniedException(what + ": permission denied", path, io);
        }
        if (reason.contains("No such file")) {
            return new NoSuchFileOrDirectoryException(what + ": no such file or directory", path, io);
        }
        return new ErrnoException("EIO", what + ": " + reason, path, io);
    }

    /**
     * Out of a resource, for files and sockets alike: disk space (ENOSPC) and file descriptors
     * (ENFILE before EMFILE: the system-wide text starts with the per-process one). Null otherwise.
     */
    private static ErrnoException resources(String reason, String what, Path path, IOException io) {
        if (reason.contains("No space left on device")) {
            return new NoSpaceLeftOnDeviceException(what + ": no space left on device; free some space or write elsewhere", path, io);
        }
        if (reason.contains("Too many open files in system")) {
            return new TooManyOpenFilesException("ENFILE", what + ": too many open files in the system; close some, or raise fs.file-max",
                    path, io);
        }
        if (reason.contains("Too many open files")) {
            return new TooManyOpenFilesException("EMFILE", what + ": too many open files in this process; close some, or raise its limit"
                    + " (ulimit -n)", path, io);
        }
        return null;
    }

    private static ErrnoException notEmpty(String operation, String what, Path path, IOException io) {
        String hint = operation.equals("rm") ? "; remove it with recursive(true)" : "";
        return new NotEmptyException(what + ": directory not empty" + hint, path, io);
    }
}
