/** Error classes the store throws; the edges (admin, server, mailgw) map them to messages. */

/** An item, class or property that does not exist. */
export class NotFoundError extends Error {
  override name = "NotFoundError";
}

/** A write lost a race with another writer (or an edit was made on a stale revision). */
export class ConflictError extends Error {
  override name = "ConflictError";
}

/** An auditor refused a change. */
export class Reject extends Error {
  override name = "Reject";
}

/** A designator such as "issue12" could not be parsed. */
export class DesignatorError extends SyntaxError {
  override name = "DesignatorError";
}
