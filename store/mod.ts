/**
 * @module
 * The hyperdb on Deno KV: schemas, typed class handles, atomic transactions with journal and
 * indexes, detectors, filtering and full-text search. Nothing outside store/ builds KV keys.
 */
export { Db, type DbOptions, Session } from "./db.ts";
export {
  type AuditContext,
  type Auditor,
  type ChangeEvent,
  type Reactor,
} from "./core.ts";
export type { Action, Defer } from "./core.ts";
export { ClassHandle, type HistoryEntry, type Item } from "./class_handle.ts";
export { Tx, type WriteOptions } from "./tx.ts";
export { type BulkItem, BulkLoader, JournalLoader } from "./bulk.ts";
export {
  ConflictError,
  DesignatorError,
  type ErrorKind,
  InvalidValueError,
  isStoreError,
  KeyInUseError,
  NotFoundError,
  PermissionError,
  Reject,
  StoreError,
  TooLargeError,
} from "./errors.ts";
export {
  type Designator,
  isDesignator,
  parseDesignator,
} from "./designator.ts";
export {
  type ClassBase,
  type ClassDef,
  type ClassSpec,
  isLinkKind,
  type PermissionSpec,
  type PropDef,
  type PropKind,
  type PropSpec,
  resolveSchema,
  type RoleSpec,
  type Schema,
  type SchemaSpec,
} from "./schema.ts";
export type { ItemRecord, JournalEntry, LinkStamp, Values } from "./record.ts";
export { removedLinks } from "./journal.ts";
export { linkingProps } from "./derived_links.ts";
export { LinkNotes } from "./link_notes.ts";
export type { LinkState } from "./link_rows.ts";
export {
  CreationLinks,
  type JournalRow,
  type JournalRowReader,
} from "./creation_links.ts";
export type {
  FilterOptions,
  FilterPage,
  FilterValue,
  SortSpec,
  ValueRange,
} from "./filter_spec.ts";
export { indexWords } from "./words.ts";
export { keyValueBytes, MAX_KEY_VALUE_BYTES } from "./keys.ts";
export { newItemWords } from "./word_index.ts";

/** Opens the tracker database on a KV handle. @example const db = openDb(await Deno.openKv(path), schema) */
import { Db as DbClass, type DbOptions as Opts } from "./db.ts";
import type { Schema as S } from "./schema.ts";
export function openDb(kv: Deno.Kv, schema: S, opts?: Opts): DbClass {
  return new DbClass(kv, schema, opts);
}
export { type OneTimeKey, SessionStore, type WebSession } from "./sessions.ts";
export { SignedTokens } from "./signed_tokens.ts";
export { changeCount } from "./changes.ts";
export {
  type DailyStatusCounts,
  dailyStatusCounts,
  type DailyStatusOptions,
} from "./stats.ts";
export { type RateLimit, RateLimiter, type RateStatus } from "./rate_limit.ts";
/** Reads many item records at once (getMany in groups of 10, run in parallel). */
export { getRecords } from "./reads.ts";
/** The store format this program writes (older databases are read; `migrate` upgrades them). */
export { FORMAT_VERSION as STORE_FORMAT } from "./format.ts";
