/**
 * Shared parts of the fuzz tests: a seeded generator (each case has its own stream, so one
 * failing case can be rebuilt from the seed and its number), the test for a clear error
 * message, and a recorder of the KV writes that reach the database.
 */

/** The seed of this run: FUZZ_SEED, or a fixed one so CI runs the same cases every time. */
export const FUZZ_SEED = Number(Deno.env.get("FUZZ_SEED") ?? 20261204) >>> 0;

/** A small seeded generator (mulberry32): the same seed gives the same values. */
export class Rng {
  #s: number;

  constructor(seed: number) {
    this.#s = seed >>> 0;
  }

  /** A fresh generator for case `n` of a suite, independent of every other case. */
  static forCase(suite: string, n: number, seed = FUZZ_SEED): Rng {
    let h = seed ^ 0x811c9dc5;
    for (const c of `${suite}#${n}`) {
      h = Math.imul(h ^ c.charCodeAt(0), 16777619);
    }
    return new Rng(h);
  }

  /** A number in [0, 1). */
  next(): number {
    this.#s = (this.#s + 0x6d2b79f5) >>> 0;
    let t = this.#s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Calls one of the functions. */
  oneOf<T>(makers: ReadonlyArray<() => T>): T {
    return this.pick(makers)();
  }

  /** `n` values from `make`. */
  many<T>(n: number, make: () => T): T[] {
    return Array.from({ length: n }, make);
  }
}

const WORDS =
  "printer jams login fails tab page broken again today please fix soon error report"
    .split(" ");
const ODD = [
  "\u0000",
  "\u0007",
  "\t",
  "\r",
  "\n",
  "\u00a0",
  "\u200b",
  "\ufeff",
  "\ud800",
  "\udfff",
  "\u202e",
  "é",
  "☃",
  "💥",
  "=?",
  "?=",
  "%",
  "%(x)s",
  "\\",
  '"',
  "'",
  "[",
  "]",
  ";",
  ",",
  ":",
  "=",
  "<",
  ">",
  "@",
  "+",
  "-",
  "{",
  "}",
  "(",
  ")",
];

/** Words, odd characters and lone surrogates mixed, up to `max` pieces. */
export function text(r: Rng, max = 8): string {
  return r.many(
    r.int(max + 1),
    () => r.chance(0.6) ? r.pick(WORDS) : r.pick(ODD),
  )
    .join(r.pick(["", " ", " ", "  "]));
}

/** Engine and runtime messages that mean a bug reached the user instead of a clear message. */
const UNCLEAR: Array<[RegExp, string]> = [
  [/\bundefined\b/, 'says "undefined"'],
  [/\[object \w+\]/, 'says "[object …]"'],
  [/\bNaN\b/, 'says "NaN"'],
  [/^\s+at .*(:\d+:\d+|\(native\))/m, "holds a stack trace"],
  [/file:\/\/\//, "names a source file"],
  [
    /Cannot read propert|is not a function|is not iterable|is not defined|is not a constructor|Cannot convert|Invalid time value|Maximum call stack|Invalid array length|Invalid typed array length|Invalid string length|before initialization|Unexpected token|Unexpected end of JSON/,
    "is a JavaScript engine error",
  ],
  [
    /^(?:(?!Cannot commit: ).)*(Value too large|Too many mutations|Too many checks|Key too large|Total mutation size|Total key size|database is locked)/s,
    "is a Deno KV error the store did not explain",
  ],
];

/**
 * Why a message shown to a user is not a clear one, or null when it is. Text found in `input`
 * may be echoed; `stored: true` allows numbers such as 1e+308 or 100000000000000000000 (stored
 * values shown back by a command that worked).
 */
export function unclear(
  message: string,
  input = "",
  o: { stored?: boolean } = {},
): string | null {
  if (message.trim() === "") return "is empty";
  // An id or count the user gave, shown back as 1e+23, is not what they wrote.
  const exp = /\d\.?\d*e[+-]\d+/.exec(message);
  if (exp && !o.stored && !input.includes(exp[0])) {
    return `shows a number in exponent notation: ${quote(message, 600)}`;
  }
  for (const long of message.match(/\d{16,}/g) ?? []) {
    if (!o.stored && !input.includes(long)) {
      return `shows a long number the input does not hold (rounded?): ${
        quote(message, 600)
      }`;
    }
  }
  for (const [re, why] of UNCLEAR) {
    const m = re.exec(message);
    if (m && !input.includes(m[0])) return `${why}: ${quote(message, 600)}`;
  }
  return null;
}

/** A value shown in a failure report, escaped and cut to `max` characters. */
export function quote(value: unknown, max = 2000): string {
  const s = typeof value === "string"
    ? value
    : value instanceof Uint8Array
    ? new TextDecoder().decode(value)
    : JSON.stringify(value);
  const q = JSON.stringify(s);
  return q.length > max ? `${q.slice(0, max)}… (${s.length} characters)` : q;
}

/** What a failing case must print so it can be run again. */
export function caseLabel(suite: string, n: number): string {
  return `${suite} case ${n} (run again with FUZZ_SEED=${FUZZ_SEED})`;
}

/** Records every KV write that commits; `writes` holds their keys since the last `reset()`. */
export class WriteRecorder {
  writes: Deno.KvKey[] = [];

  /** Wraps `kv` in place: its atomic(), set() and delete() now report what they commit. */
  constructor(kv: Deno.Kv) {
    const atomic = kv.atomic.bind(kv);
    const set = kv.set.bind(kv);
    const del = kv.delete.bind(kv);
    const writes = () => this.writes;
    kv.atomic = () => {
      const op = atomic();
      const keys: Deno.KvKey[] = [];
      const origSet = op.set.bind(op);
      const origDelete = op.delete.bind(op);
      const origSum = op.sum.bind(op);
      const origCommit = op.commit.bind(op);
      op.set = (key, value, o) => (keys.push(key), origSet(key, value, o));
      op.delete = (key) => (keys.push(key), origDelete(key));
      op.sum = (key, n) => (keys.push(key), origSum(key, n));
      op.commit = async () => {
        const res = await origCommit();
        if (res.ok) writes().push(...keys);
        return res;
      };
      return op;
    };
    kv.set = async (key, value, o) => {
      const res = await set(key, value, o);
      writes().push(key);
      return res;
    };
    kv.delete = async (key) => {
      await del(key);
      writes().push(key);
    };
  }

  reset(): void {
    this.writes = [];
  }
}
