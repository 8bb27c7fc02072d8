/**
 * Saving a web form: the item, its new message (`@note`) and files (`@file`) in ONE store
 * transaction as the acting user, after the permission checks; and edit-collision detection.
 */
import {
  type ClassDef,
  type Item,
  TooLargeError,
  type Values,
} from "../store/mod.ts";
import type { Tracker } from "../tracker/home.ts";
import type { Actor } from "./actor.ts";
import type { ParsedForm } from "./form.ts";

/** What was written, for the `@ok_message`. */
export interface Saved {
  id: string;
  /** "file 3 created", "msg 7 created", "issue 2 created" / "issue 2 title, status edited ok". */
  message: string;
}

async function checkPermissions(
  actor: Actor,
  cls: ClassDef,
  id: string | null,
  form: ParsedForm,
): Promise<void> {
  if (id === null) await actor.require("Create", cls.name);
  else {
    for (const property of Object.keys(form.values)) {
      await actor.require("Edit", cls.name, { property, itemId: id });
    }
  }
  if (cls.name === "user" && "roles" in form.values) {
    // Roundup asks for this on top of Edit/Create: giving roles is giving permissions.
    await actor.require("Web Roles");
  }
  if (form.note) {
    await actor.require("Create", "msg");
    if (id !== null) {
      await actor.require("Edit", cls.name, {
        property: "messages",
        itemId: id,
      });
    }
  }
  if (form.files.length) {
    await actor.require("Create", "file");
    if (id !== null) {
      await actor.require("Edit", cls.name, { property: "files", itemId: id });
    }
  }
}

/** Creates (id null) or edits an item from a parsed form. */
export async function saveItem(
  t: Tracker,
  actor: Actor,
  cls: ClassDef,
  id: string | null,
  form: ParsedForm,
  opts: { current?: Item } = {},
): Promise<Saved> {
  await checkPermissions(actor, cls, id, form);
  const max = Number(t.config.get("main", "max_file_size") || 0);
  for (const f of form.files) {
    if (max > 0 && f.size > max) {
      throw new TooLargeError(
        `Cannot attach "${f.name}": it has ${f.size} bytes, more than [main] max_file_size (${max})`,
      );
    }
  }
  const uploads = await Promise.all(
    form.files.map(async (f) => ({
      f,
      bytes: new Uint8Array(await f.arrayBuffer()),
    })),
  );
  const w = { actor: actor.userId, ifRev: opts.current?.rev };
  const notes: string[] = [];
  const newId = await t.db.transact(async (tx) => {
    notes.length = 0;
    const values: Values = { ...form.values };
    const fileIds: string[] = [];
    for (const { f, bytes } of uploads) {
      const fid = await tx.create("file", {
        name: f.name,
        type: f.type || "application/octet-stream",
        content: bytes,
      }, w);
      fileIds.push(fid);
      notes.push(`file ${fid} created`);
    }
    if (fileIds.length) {
      values.files = [...(opts.current?.files as string[] ?? []), ...fileIds];
    }
    if (form.note) {
      const mid = await tx.create("msg", {
        content: form.note,
        author: actor.userId,
        date: t.db.core.now(),
        ...(fileIds.length ? { files: fileIds } : {}),
      }, w);
      notes.push(`msg ${mid} created`);
      values.messages = [...(opts.current?.messages as string[] ?? []), mid];
    }
    if (id === null) {
      const nid = await tx.create(cls.name, values, w);
      notes.push(`${cls.name} ${nid} created`);
      return nid;
    }
    if (Object.keys(values).length) {
      await tx.set(cls.name, id, values, w);
      notes.push(
        `${cls.name} ${id} ${Object.keys(values).join(", ")} edited ok`,
      );
    } else notes.push("No changes to save");
    return id;
  }, { actor: actor.userId });
  return { id: newId, message: notes.join("\n") };
}

/** A property both the user and somebody else changed since the form was loaded. */
export interface Collision {
  prop: string;
  mine: unknown;
  theirs: unknown;
}

/**
 * The collisions of an edit made on a form loaded at `lastActivity` (ms): properties the form
 * changes that others changed after that time. Empty when the item is unchanged since.
 */
export async function findCollisions(
  t: Tracker,
  cls: ClassDef,
  current: Item,
  form: ParsedForm,
  lastActivity: number,
): Promise<Collision[]> {
  const activity = current.activity;
  if (typeof activity !== "number" || activity <= lastActivity) return [];
  const changed = new Set<string>();
  for (const e of await t.db.cls(cls.name).history(current.id)) {
    if (e.date <= lastActivity || e.action !== "set") continue;
    for (const p of Object.keys(e.params as Record<string, unknown> ?? {})) {
      changed.add(p);
    }
  }
  // A new message never collides: it is appended to whatever the others added.
  return Object.keys(form.values).filter((p) => changed.has(p)).map((prop) => ({
    prop,
    mine: form.values[prop],
    theirs: current[prop],
  }));
}
