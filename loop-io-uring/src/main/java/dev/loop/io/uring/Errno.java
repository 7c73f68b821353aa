package dev.loop.io.uring;

import dev.loop.io.ErrnoException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A completion's negative result ({@code -errno}) as the failure the backend reports: for the
 * codes loop-io maps from the JDK's exceptions, the exception the JDK itself would have thrown (so
 * {@code Fs} and {@code Net} give the same Node error, with the same message, on either backend);
 * for the rest, an {@link ErrnoException} with Node's code.
 *
 * <p><b>Thread safety:</b> stateless.
 */
final class Errno {

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int EEXIST = 17;
    static final int ENOTDIR = 20;
    static final int EISDIR = 21;
    static final int EINVAL = 22;
    static final int ENFILE = 23;
    static final int EMFILE = 24;
    static final int EFBIG = 27;
    static final int ENOSPC = 28;
    static final int ESPIPE = 29;
    static final int EPIPE = 32;
    static final int ENOSYS = 38;
    static final int ENOTEMPTY = 39;
    static final int ETIME = 62;
    static final int EOPNOTSUPP = 95;
    static final int EADDRINUSE = 98;
    static final int EADDRNOTAVAIL = 99;
    static final int ECONNABORTED = 103;
    static final int ECONNRESET = 104;
    static final int ENOBUFS = 105;
    static final int ENOTCONN = 107;
    static final int ETIMEDOUT = 110;
    static final int ECONNREFUSED = 111;
    static final int EHOSTUNREACH = 113;
    static final int ECANCELED = 125;

    private Errno() {
    }

    /** Node's name of {@code errno}, such as {@code ENOENT}; {@code E<number>} for one not listed. */
    static String name(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case EINTR -> "EINTR";
            case EIO -> "EIO";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case EBUSY -> "EBUSY";
            case EEXIST -> "EEXIST";
            case ENOTDIR -> "ENOTDIR";
            case EISDIR -> "EISDIR";
            case EINVAL -> "EINVAL";
            case ENFILE -> "ENFILE";
            case EMFILE -> "EMFILE";
            case EFBIG -> "EFBIG";
            case ENOSPC -> "ENOSPC";
            case ESPIPE -> "ESPIPE";
            case EPIPE -> "EPIPE";
            case ENOSYS -> "ENOSYS";
            case ENOTEMPTY -> "ENOTEMPTY";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            case EADDRINUSE -> "EADDRINUSE";
            case EADDRNOTAVAIL -> "EADDRNOTAVAIL";
            case ECONNABORTED -> "ECONNABORTED";
            case ECONNRESET -> "ECONNRESET";
            case ENOBUFS -> "ENOBUFS";
            case ENOTCONN -> "ENOTCONN";
            case ETIMEDOUT -> "ETIMEDOUT";
            case ECONNREFUSED -> "ECONNREFUSED";
            case EHOSTUNREACH -> "EHOSTUNREACH";
            case ECANCELED -> "ECANCELED";
            default -> "E" + errno;
        };
    }

    /** The system's text for {@code errno} (Linux's {@code strerror}), which loop-io's mapping matches. */
    static String text(int errno) {
        return switch (errno) {
            case EPERM -> "Operation not permitted";
            case ENOENT -> "No such file or directory";
            case EACCES -> "Permission denied";
            case EEXIST -> "File exists";
            case ENOTDIR -> "Not a directory";
            case EISDIR -> "Is a directory";
            case ENFILE -> "Too many open files in system";
            case EMFILE -> "Too many open files";
            case ENOSPC -> "No space left on device";
            case ENOTEMPTY -> "Directory not empty";
            case EPIPE -> "Broken pipe";
            case EADDRINUSE -> "Address already in use";
            case ECONNRESET -> "Connection reset by peer";
            case ECONNREFUSED -> "Connection refused";
            case ECANCELED -> "Operation canceled";
            case EBADF -> "Bad file descriptor";
            case EINVAL -> "Invalid argument";
            default -> name(errno);
        };
    }

    /** {@code errno} for a message: its name and its text. */
    static String describe(int errno) {
        return name(errno) + " (" + text(errno) + ")";
    }

    /** The failure of a file operation {@code operation} on {@code path} that returned {@code -errno}. */
    static Throwable file(int errno, String operation, Path path) {
        String file = String.valueOf(path);
        return switch (errno) {
            case ENOENT -> new NoSuchFileException(file);
            case EACCES, EPERM -> new AccessDeniedException(file);
            case EEXIST -> new FileAlreadyExistsException(file);
            case ENOTEMPTY -> new DirectoryNotEmptyException(file);
            case EISDIR, ENOTDIR, ENOSPC, EMFILE, ENFILE -> new FileSystemException(file, null, text(errno));
            default -> new ErrnoException(name(errno), operation + " '" + path + "': " + text(errno).toLowerCase(java.util.Locale.ROOT),
                    path, null);
        };
    }

    /** The failure of a socket operation that returned {@code -errno}. */
    static IOException net(int errno) {
        return switch (errno) {
            case ECONNREFUSED -> new ConnectException(text(errno));
            default -> new SocketException(text(errno));
        };
    }
}
