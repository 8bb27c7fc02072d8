/** Test fixtures for the admin tests: a real KV tracker in a temp dir and a runner with a fixed clock. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { memoryIo } from "../cli.ts";
import {
  initialiseTracker,
  installTracker,
  openTracker,
} from "../tracker/home.ts";
import { runAdmin } from "./mod.ts";

/** 2003-03-08.22:07:48 UTC, the user guide's "now". */
export const NOW = Date.UTC(2003, 2, 8, 22, 7, 48);

const SETTINGS = {
  tracker_web: "http://localhost:8080/test/",
  mail_domain: "example.com",
  mail_host: "localhost",
};

/** A class with one property of every kind, added to the classic schema. */
const THING = {
  name: "thing",
  key: "name",
  properties: {
    name: { type: "String" },
    flag: { type: "Boolean" },
    num: { type: "Number" },
    cnt: { type: "Integer" },
    when: { type: "Date" },
    dur: { type: "Interval" },
    owner: { type: "Link", class: "user" },
    pw: { type: "Password" },
  },
};

async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyDir(join(from, e.name), join(to, e.name));
    else await Deno.copyFile(join(from, e.name), join(to, e.name));
  }
}

let base: Promise<string> | null = null;

async function makeBase(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "admin_base_" });
  globalThis.addEventListener(
    "unload",
    () => Deno.removeSync(dir, { recursive: true }),
  );
  const home = join(dir, "tracker");
  await installTracker(home, { settings: SETTINGS });
  const schemaFile = join(home, "schema.json");
  const spec = JSON.parse(await Deno.readTextFile(schemaFile));
  spec.classes.push(THING);
  await Deno.writeTextFile(schemaFile, JSON.stringify(spec, null, 2));
  const t = await openTracker(home, { now: () => NOW });
  try {
    await initialiseTracker(t, "secret");
  } finally {
    t.close();
  }
  return home;
}

/** A fresh copy of an initialised classic tracker (plus the "thing" class); removed by `cleanup`. */
export async function makeTracker(): Promise<
  { home: string; cleanup: () => Promise<void> }
> {
  base ??= makeBase();
  const dir = await Deno.makeTempDir({ prefix: "admin_test_" });
  const home = join(dir, "tracker");
  await copyDir(await base, home);
  return { home, cleanup: () => Deno.remove(dir, { recursive: true }) };
}

/** The result of one admin run. */
export interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs `roundup admin -i HOME ARGS` in-process with a fixed clock; `input` answers prompts. */
export async function admin(
  home: string | null,
  args: string[],
  opts: { input?: string[]; env?: Record<string, string>; now?: number } = {},
): Promise<Run> {
  const io = memoryIo(opts.input ?? []);
  const argv = home === null ? args : ["-i", home, ...args];
  const code = await runAdmin(argv, { io, env: opts.env ?? {} }, {
    now: () => opts.now ?? NOW,
  });
  return { code, out: io.stdout, err: io.stderr };
}

/** Runs several commands one after the other, asserting each succeeds. */
export async function setup(
  home: string,
  ...commands: string[][]
): Promise<void> {
  for (const args of commands) {
    const r = await admin(home, args);
    assert.equal(r.code, 0, `${args.join(" ")} failed:\n${r.out}`);
  }
}
