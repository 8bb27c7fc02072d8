/**
 * `<Island name props>`: renders an island's server-side markup inside a placeholder that the
 * browser bundle hydrates (`data-island` names it, `data-props` holds its props as JSON: no
 * inline script, so the CSP stays `script-src 'self'`). Props must be plain JSON.
 */
import { ISLANDS } from "../islands/mod.ts";
import { ISLANDS_HASH } from "./_islands_bundle.ts";

/** URL path of the islands' bundle below a tracker's base (its hash makes it cacheable for good). */
export function islandsScriptPath(base: string): string {
  return `${base}/@@file/islands-${ISLANDS_HASH}.js`;
}

/** Throws a TypeError naming the first value in `v` that JSON would not carry unchanged. */
export function assertJson(v: unknown, path = "props"): void {
  if (v === null || typeof v === "string" || typeof v === "boolean") return;
  if (typeof v === "number") {
    if (Number.isFinite(v)) return;
    throw new TypeError(
      `Cannot render an island: ${path} is ${v}, which JSON cannot carry`,
    );
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => assertJson(x, `${path}[${i}]`));
    return;
  }
  if (typeof v === "object") {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(
        `Cannot render an island: ${path} is a ${
          proto?.constructor?.name ?? "object"
        }, not plain JSON (pass dates as ISO strings)`,
      );
    }
    for (const [k, x] of Object.entries(v)) {
      if (x !== undefined) assertJson(x, `${path}.${k}`);
    }
    return;
  }
  throw new TypeError(
    `Cannot render an island: ${path} is a ${typeof v}, not plain JSON (islands take data, not functions)`,
  );
}

/** An island: its server-rendered markup in a marked placeholder. */
export function Island(
  { name, props, inline }: {
    name: string;
    props: Record<string, unknown>;
    /** A <span> placeholder, for islands inside text or table cells. */
    inline?: boolean;
  },
) {
  const Component = ISLANDS[name];
  if (!Component) {
    throw new TypeError(
      `Cannot render the island "${name}": there is no such island in islands/mod.ts`,
    );
  }
  assertJson(props);
  const Tag = inline ? "span" : "div";
  return (
    <Tag class="island" data-island={name} data-props={JSON.stringify(props)}>
      <Component {...props} />
    </Tag>
  );
}
