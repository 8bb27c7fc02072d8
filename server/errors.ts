/** Maps the store's errors to HTTP statuses in one place; anything else is a bug (500). */
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isStoreError, type StoreError } from "../store/mod.ts";

const STATUS: Record<StoreError["kind"], ContentfulStatusCode> = {
  invalid: 400,
  permission: 403,
  "not-found": 404,
  conflict: 409,
  "too-large": 413,
};

/** An HTTP error a route raises itself (bad @template, unknown URL). */
export class HttpError extends Error {
  override name = "HttpError";
  readonly status: ContentfulStatusCode;
  constructor(status: ContentfulStatusCode, message: string) {
    super(message);
    this.status = status;
  }
}

/** The status and user-facing message of an error; null for a bug. */
export function statusOf(
  e: unknown,
): { status: ContentfulStatusCode; message: string } | null {
  if (e instanceof HttpError) return { status: e.status, message: e.message };
  if (isStoreError(e)) return { status: STATUS[e.kind], message: e.message };
  return null;
}

/** A short random id that ties a 500 page to its log line. */
export function newRequestId(): string {
  const b = crypto.getRandomValues(new Uint8Array(6));
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}
