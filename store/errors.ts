/**
 * Error classes the store (and the tracker layer above it) throws for things a user did or can
 * fix. Every one extends StoreError, so an edge (admin, mail gateway, web, REST) can tell an
 * expected failure, which it reports as a message, from a bug, which it reports as an internal
 * error. Each class names its outcome; the web maps `kind` to an HTTP status in one place.
 */

/** What kind of failure an error is, as the edges map it (web: 400/403/404/409/413). */
export type ErrorKind =
  | "invalid"
  | "permission"
  | "not-found"
  | "conflict"
  | "too-large";

/** Base of every expected error: a message meant for the user. */
export class StoreError extends Error {
  override name = "StoreError";
  readonly kind: ErrorKind = "invalid";
}

/** A value, date, designator, filter or other input that cannot be used as given. */
export class InvalidValueError extends StoreError {
  override name = "InvalidValueError";
}

/** An item, class or property that does not exist. */
export class NotFoundError extends StoreError {
  override name = "NotFoundError";
  override readonly kind = "not-found";
}

/** The acting user lacks a permission the change or view needs. */
export class PermissionError extends StoreError {
  override name = "PermissionError";
  override readonly kind = "permission";
}

/** A write lost a race with another writer (or an edit was made on a stale revision). */
export class ConflictError extends StoreError {
  override name = "ConflictError";
  override readonly kind = "conflict";
}

/** A key property value (user name, status name, …) that another item already holds. */
export class KeyInUseError extends ConflictError {
  override name = "KeyInUseError";
}

/** A change, value or upload larger than the store accepts (KV limits, max_file_size). */
export class TooLargeError extends StoreError {
  override name = "TooLargeError";
  override readonly kind = "too-large";
}

/** An auditor refused a change. */
export class Reject extends StoreError {
  override name = "Reject";
}

/** A designator such as "issue12" could not be parsed. */
export class DesignatorError extends InvalidValueError {
  override name = "DesignatorError";
}

/** True for errors meant for the user (as opposed to bugs). */
export function isStoreError(e: unknown): e is StoreError {
  return e instanceof StoreError;
}
