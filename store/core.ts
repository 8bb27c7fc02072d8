/** Shared state of an open tracker database: KV handle, schema, clock and detectors. */
import { codecKv } from "./codec_kv.ts";
import type { ClassDef, Schema } from "./schema.ts";
import { NotFoundError } from "./errors.ts";
import type { Values } from "./record.ts";
import type { Tx } from "./tx.ts";

export type Action = "create" | "set" | "retire" | "restore";

/** What an auditor sees: it may edit `changes` or throw Reject. */
export interface AuditContext {
  tx: Tx;
  cls: string;
  /** null while creating. */
  id: string | null;
  action: Action;
  changes: Values;
  /** Current values (null while creating). */
  old: Values | null;
  actor: string;
}

/** A committed change, as reactors see it. */
export interface ChangeEvent {
  cls: string;
  id: string;
  action: Action;
  old: Values | null;
  new: Values;
  changes: Values;
  actor: string;
}

export type Auditor = (ctx: AuditContext) => void | Promise<void>;
/** Queues a follow-up write; all follow-ups of one commit's reactors are committed together. */
export type Defer = (fn: (tx: Tx) => Promise<unknown>) => void;

export type Reactor<D = unknown> = (
  ctx: ChangeEvent & { db: D; defer: Defer },
) => void | Promise<void>;

export interface CoreOptions {
  /** Clock in ms since the epoch (injected by tests). */
  now?: () => number;
  /** Largest FileClass content accepted, in bytes. */
  maxContentSize?: number;
  /** Where reactor failures are reported (they never undo a commit). */
  onReactorError?: (error: unknown, event: ChangeEvent) => void;
}

/** The state every transaction and class handle shares. */
export class Core {
  readonly kv: Deno.Kv;
  readonly schema: Schema;
  readonly now: () => number;
  readonly maxContentSize: number;
  readonly auditors = new Map<
    string,
    Array<{ priority: number; fn: Auditor }>
  >();
  readonly reactors = new Map<
    string,
    Array<{ priority: number; fn: Reactor }>
  >();
  readonly onReactorError: (error: unknown, event: ChangeEvent) => void;
  /** True once the stored format was found current (see format.ts). */
  formatChecked = false;
  /** The layout of the stored counts, once read from a database that keeps them (format.ts). */
  countLayout: Record<string, string[]> | null = null;

  constructor(kv: Deno.Kv, schema: Schema, opts: CoreOptions = {}) {
    this.kv = codecKv(kv);
    this.schema = schema;
    this.now = opts.now ?? Date.now;
    this.maxContentSize = opts.maxContentSize ?? 50 * 1024 * 1024;
    this.onReactorError = opts.onReactorError ?? ((e) => {
      const text = `reactor failed: ${
        e instanceof Error ? e.message : String(e)
      }\n`;
      Deno.stderr.writeSync(new TextEncoder().encode(text));
    });
  }

  /** The class definition, or NotFoundError naming the class. */
  classDef(name: string): ClassDef {
    const c = this.schema.classes.get(name);
    if (!c) throw new NotFoundError(`No class named "${name}"`);
    return c;
  }

  auditorsFor(cls: string, action: Action): Auditor[] {
    return (this.auditors.get(`${cls}:${action}`) ?? []).map((a) => a.fn);
  }

  reactorsFor(cls: string, action: Action): Reactor[] {
    return (this.reactors.get(`${cls}:${action}`) ?? []).map((a) => a.fn);
  }
}

/** Registers a detector function in a priority-ordered table. */
export function addDetector<F>(
  table: Map<string, Array<{ priority: number; fn: F }>>,
  cls: string,
  action: Action,
  fn: F,
  priority = 100,
): void {
  const k = `${cls}:${action}`;
  const list = table.get(k) ?? [];
  list.push({ priority, fn });
  list.sort((a, b) => a.priority - b.priority);
  table.set(k, list);
}
