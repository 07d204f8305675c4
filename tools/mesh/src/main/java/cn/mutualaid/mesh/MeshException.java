package cn.mutualaid.mesh;

/** A failure the user can act on: its message is printed as is, without a stack trace. */
final class MeshException extends RuntimeException {
    MeshException(String message) {
        super(message);
    }

    MeshException(String message, Throwable cause) {
        super(message, cause);
    }
}
