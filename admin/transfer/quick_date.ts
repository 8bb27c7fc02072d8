/**
 * The fast path of import for the date tuples Roundup writes, (2024, 1, 2, 3, 4, 5.123, 0, 0, 0):
 * most dates of an export are read here without the general Python literal parser.
 */
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const TUPLE_END = ", 0, 0, 0)";

/** Reads 1 to `max` ASCII digits of `text` at `at.i` and moves past them; -1 when there are none. */
function digits(text: string, at: { i: number }, max: number): number {
  let n = 0;
  let k = 0;
  for (; k < max; k++) {
    const c = text.charCodeAt(at.i + k) - 48;
    if (!(c >= 0 && c <= 9)) break;
    n = n * 10 + c;
  }
  at.i += k;
  return k === 0 ? -1 : n;
}

/** Reads ", " and a number of 1 to `max` digits; -1 when the text has something else. */
function nextField(text: string, at: { i: number }, max: number): number {
  if (text.charCodeAt(at.i) !== 44 || text.charCodeAt(at.i + 1) !== 32) {
    return -1;
  }
  at.i += 2;
  return digits(text, at, max);
}

/**
 * The common date tuple as Roundup writes it, (2024, 1, 2, 3, 4, 5.123, 0, 0, 0), read without
 * the general parser; null otherwise.
 */
export function quickDate(text: string): number | null {
  if (text.charCodeAt(0) !== 40) return null;
  const at = { i: 1 };
  const y = digits(text, at, 4);
  const mo = nextField(text, at, 2);
  const d = nextField(text, at, 2);
  const h = nextField(text, at, 2);
  const mi = nextField(text, at, 2);
  const s = nextField(text, at, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return null;
  let ms = 0;
  if (text.charCodeAt(at.i) === 46) {
    at.i++;
    const start = at.i;
    const f = digits(text, at, 3);
    if (f < 0) return null;
    ms = f * (at.i - start === 1 ? 100 : at.i - start === 2 ? 10 : 1);
  }
  if (text.length !== at.i + TUPLE_END.length || !text.endsWith(TUPLE_END)) {
    return null;
  }
  if (
    y < 100 || mo < 1 || mo > 12 || d < 1 || d > DAYS[mo - 1]! || h > 23 ||
    mi > 59 || s > 59
  ) return null;
  if (
    mo === 2 && d === 29 && (y % 4 !== 0 || (y % 100 === 0 && y % 400 !== 0))
  ) return null;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}
