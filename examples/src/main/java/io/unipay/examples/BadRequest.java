package io.unipay.examples;

/**
 * A 4xx answer with a stable code and a message naming the problem; thrown by the routes and
 * written as {@code {"error": code, "message": ...}}.
 */
final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final String code;

  BadRequest(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** 404 for a method and path no route serves. */
  static BadRequest noRoute(String method, String path) {
    return new BadRequest(404, "NOT_FOUND", "no route " + method + " " + path);
  }
}
