/**
 * The version of the store's KV layout, kept in the database's meta as "format", so that a
 * future change of layout is an explicit migration. A database gets it with its first write
 * (initialise, import, the first item); one written by an older layout must be migrated before
 * it is written again, and one written by a newer program is not opened at all.
 *
 * Format 2 keeps every value as bytes of our own encoding (store/value_codec.ts), which any Deno
 * reads; formats 0 and 1 kept V8-serialised values, which only the Deno that wrote them reads.
 * Format 3 adds live counts (store/counts.ts), kept by every commit that writes an item; a
 * format-2 store has none until migrate builds them, and filters estimate their totals until then.
 */
import type { Core } from "./core.ts";
import type { AtomicPlan } from "./atomic_plan.ts";
import { changeKeys, countKeys, expires, keys } from "./keys.ts";
import {
  type CountLayout,
  countLayout,
  sameLayout,
  scanCounts,
} from "./counts.ts";
import type { ClassDef } from "./schema.ts";
import { deletePrefix } from "./maintenance.ts";
import { codecKv, rawKv } from "./codec_kv.ts";
import { encodeValue, isLegacyValue } from "./value_codec.ts";
import { StoreError } from "./errors.ts";

/** The layout this program reads and writes. */
export const FORMAT_VERSION = 3;
/** The first format that keeps values as bytes of our encoding. */
const BYTES_FORMAT = 2;
/** The first format that keeps live counts. */
const COUNTS_FORMAT = 3;
/** Times migrate builds the counts again when a writer changed items meanwhile. */
const COUNT_ATTEMPTS = 3;
/** What a database holding items but no format was written with. */
const UNVERSIONED = 0;

const FORMAT_KEY = keys.meta("format");
/** The counted Link properties per class the counts were built for (counts.ts countLayout). */
const LAYOUT_KEY = keys.meta("count_layout");

/** The stored format: a version, or "empty" for a database with no items and no format yet. */
export async function storedFormat(kv: Deno.Kv): Promise<number | "empty"> {
  const got = await readFormat(kv);
  if (got !== null) return got;
  for await (const _ of kv.list({ prefix: ["item"] }, { limit: 1 })) {
    // The first write stores the format with its items in one commit: items seen without a
    // format are either unversioned, or that commit landed between our two reads.
    return await readFormat(kv) ?? UNVERSIONED;
  }
  return "empty";
}

async function readFormat(kv: Deno.Kv): Promise<number | null> {
  const got = (await codecKv(kv).get<unknown>(FORMAT_KEY)).value;
  if (got === null) return null;
  if (typeof got !== "number" || !Number.isInteger(got) || got < 0) {
    throw new StoreError(
      `Cannot open the database: its store format ${
        JSON.stringify(got)
      } is not one this program knows (it knows ${FORMAT_VERSION}); open it with the program that wrote it`,
    );
  }
  return got;
}

/** Refuses a database written by a newer program; returns its format ("empty": none yet). */
export async function checkReadable(kv: Deno.Kv): Promise<number | "empty"> {
  const v = await storedFormat(kv);
  if (v !== "empty" && v > FORMAT_VERSION) {
    throw new StoreError(
      `Cannot open the database: it has store format ${v}, newer than the format ${FORMAT_VERSION} this program reads; upgrade roundup`,
    );
  }
  return v;
}

/**
 * Before a write: refuses a database of another format, and adds the format to the first write
 * into an empty one (checked, so two first writers cannot both think the database empty).
 */
export async function guardWrite(core: Core, plan: AtomicPlan): Promise<void> {
  if (core.formatChecked) return;
  const v = await checkReadable(core.kv);
  if (v === "empty") {
    plan.check(FORMAT_KEY, null);
    plan.set(FORMAT_KEY, FORMAT_VERSION);
    plan.set(LAYOUT_KEY, countLayout(core.schema.classes.values()));
    return;
  }
  if (v < FORMAT_VERSION) throw olderFormat(v);
  core.formatChecked = true;
}

/** Writes the current format into an empty database at once (bulk loading); refuses others. */
export async function claimFormat(core: Core): Promise<void> {
  if (core.formatChecked) return;
  const v = await checkReadable(core.kv);
  if (v === "empty") {
    await core.kv.atomic().check({ key: FORMAT_KEY, versionstamp: null })
      .set(FORMAT_KEY, FORMAT_VERSION)
      .set(LAYOUT_KEY, countLayout(core.schema.classes.values())).commit();
    return await claimFormat(core);
  }
  if (v < FORMAT_VERSION) throw olderFormat(v);
  core.formatChecked = true;
}

/**
 * Whether the counts of `cls` may be believed: the database keeps counts (format 3 on), and
 * they were built for the Link properties the class has now (a property added to the schema
 * has no counts until migrate builds them again). Read once per process, then cached.
 */
export async function countsKept(core: Core, cls: ClassDef): Promise<boolean> {
  if (!core.countLayout) {
    const v = await storedFormat(core.kv);
    // An empty database has no items, so its absent counts (0) are right.
    if (v === "empty") return true;
    if (v < COUNTS_FORMAT) return false;
    const got = await core.kv.get<CountLayout>(LAYOUT_KEY);
    if (got.value === null) return false;
    core.countLayout = got.value;
  }
  return sameLayout(core.countLayout, cls);
}

/**
 * Brings an older database to the current format (roundup admin migrate); returns the format it
 * had and has now. Formats 0 and 1 have the layout of format 2 but V8-serialised values: each is
 * rewritten in our encoding, and expiring entries (sessions, tokens, rate limits) are dropped.
 * Before format 3 there are no live counts: they are built from a scan (buildCounts), as they
 * are again when the schema's Link properties changed since they were built (`counted`).
 */
export async function migrateFormat(
  core: Core,
): Promise<{ from: number | "empty"; to: number; counted: boolean }> {
  const from = await checkReadable(core.kv);
  if (from !== "empty" && from < BYTES_FORMAT) {
    await reencodeValues(rawKv(core.kv));
  }
  const layout = (await core.kv.get<CountLayout>(LAYOUT_KEY)).value;
  const schemaChanged = layout === null ||
    [...core.schema.classes.values()].some((c) => !sameLayout(layout, c));
  const counted = from !== "empty" &&
    (from < COUNTS_FORMAT || schemaChanged);
  if (counted) await buildCounts(core);
  else if (from !== FORMAT_VERSION) {
    await core.kv.set(FORMAT_KEY, FORMAT_VERSION);
    await core.kv.set(LAYOUT_KEY, countLayout(core.schema.classes.values()));
  }
  core.formatChecked = true;
  core.countLayout = null;
  return { from, to: FORMAT_VERSION, counted };
}

/**
 * Counts every live item in one scan and stores the counts, then the format, in a commit that
 * checks the change counter has not moved since before the scan. Every store commit (of this
 * program and of format-2 programs alike) bumps that counter, so counts built while some writer
 * changed items are never marked as kept: the scan is run again, and after a few tries migrate
 * gives up. Writers of this program refuse a format-2 database, so only old ones can interfere.
 */
async function buildCounts(core: Core): Promise<void> {
  const kv = core.kv;
  for (let attempt = 0; attempt < COUNT_ATTEMPTS; attempt++) {
    const mark = await kv.get(changeKeys.counter());
    // Counts left by a migrate that gave up would add to the new ones.
    await deletePrefix(kv, countKeys.all());
    const sums = await scanCounts(kv, core.schema.classes.values());
    let op = kv.atomic();
    let n = 0;
    for (const [key, value] of sums.values()) {
      op.set(key, new Deno.KvU64(value));
      if (++n % 500 === 0) {
        await commitOrThrow(op);
        op = kv.atomic();
      }
    }
    await commitOrThrow(op);
    const done = await kv.atomic()
      .check({ key: changeKeys.counter(), versionstamp: mark.versionstamp })
      .set(FORMAT_KEY, FORMAT_VERSION)
      .set(LAYOUT_KEY, countLayout(core.schema.classes.values()))
      .sum(changeKeys.counter(), 1n)
      .commit();
    if (done.ok) return;
  }
  throw new StoreError(
    "Cannot migrate the database: items kept changing while their counts were built; stop the server and other programs using the tracker and run migrate again",
  );
}

/** Rewrites every V8-serialised value as bytes, in commits of at most 500 changes or ~400 KB. */
async function reencodeValues(kv: Deno.Kv): Promise<void> {
  let op = kv.atomic();
  let n = 0;
  let bytes = 0;
  for await (const e of kv.list({ prefix: [] }, { batchSize: 500 })) {
    if (!isLegacyValue(e.value)) continue;
    if (expires(e.key)) op.delete(e.key);
    else {
      const v = encodeValue(e.key, e.value);
      op.set(e.key, v);
      bytes += v instanceof Uint8Array ? v.length : 8;
    }
    if (++n >= 500 || bytes >= 400_000) {
      await commitOrThrow(op);
      [op, n, bytes] = [kv.atomic(), 0, 0];
    }
  }
  if (n > 0) await commitOrThrow(op);
}

async function commitOrThrow(op: Deno.AtomicOperation): Promise<void> {
  const r = await op.commit();
  if (!r.ok) {
    throw new StoreError(
      "Cannot migrate the database: a commit was refused; stop other programs using it and run migrate again",
    );
  }
}

function olderFormat(v: number): StoreError {
  return new StoreError(
    `Cannot write to the database: it has store format ${v}, older than the format ${FORMAT_VERSION} this program writes; run "roundup admin migrate" first`,
  );
}
