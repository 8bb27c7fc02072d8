/**
 * Files the pages load besides the built-in stylesheet: the islands' bundle (cached for good,
 * its URL carries its hash), the chart's stylesheet, and a tracker's own look from `HOME/html/`:
 * `style.css` (served after the built-in rules, so it overrides them) and `logo.svg`,
 * `logo.png` or `logo.jpg` (shown in the top bar). Those are read once, when the app is made.
 */
import type { Hono } from "hono";
import { join } from "node:path";
import type { Tracker } from "../tracker/home.ts";
import { ISLANDS_CSS, ISLANDS_HASH, ISLANDS_JS } from "./_islands_bundle.ts";
import type { Env } from "./context.ts";

/** A tracker's own stylesheet and logo. */
export interface Looks {
  css: string;
  logo?: { bytes: Uint8Array; type: string; file: string };
}

const LOGOS: Array<[string, string]> = [
  ["logo.svg", "image/svg+xml"],
  ["logo.png", "image/png"],
  ["logo.jpg", "image/jpeg"],
];

const LOOKS = new WeakMap<Tracker, Looks>();

function readOptional(path: string): Uint8Array | null {
  try {
    return Deno.readFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/** The tracker's looks as read when its app was made. */
export function looksOf(t: Tracker): Looks {
  return LOOKS.get(t) ?? readLooks(t);
}

/** Reads `HOME/html/` (when an app is made: at server start). */
export function readLooks(t: Tracker): Looks {
  const dir = join(t.home, "html");
  const css = readOptional(join(dir, "style.css"));
  const looks: Looks = { css: css ? new TextDecoder().decode(css) : "" };
  for (const [file, type] of LOGOS) {
    const bytes = readOptional(join(dir, file));
    if (bytes) {
      looks.logo = { bytes, type, file };
      break;
    }
  }
  LOOKS.set(t, looks);
  return looks;
}

/** URL of the tracker's logo, if it has one. */
export function logoPath(t: Tracker, base: string): string | undefined {
  const l = looksOf(t).logo;
  return l ? `${base}/@@file/${l.file}` : undefined;
}

/** The stylesheet rules that follow the built-in ones: the chart's, then the tracker's own. */
export function extraCss(t: Tracker): string {
  return `${ISLANDS_CSS}\n${looksOf(t).css}`;
}

const FOREVER = "public, max-age=31536000, immutable";

/** Serves the bundle and the logo (before sessions: these need no user). */
export function mountIslandFiles(
  app: Hono<Env>,
  base: string,
  t: Tracker,
): void {
  const looks = readLooks(t);
  app.get(`${base}/@@file/:file{islands-[0-9a-f]+\\.js}`, (c) => {
    if (c.req.param("file") !== `islands-${ISLANDS_HASH}.js`) {
      return c.text(
        "This version of the islands bundle is gone: reload the page",
        404,
      );
    }
    return c.body(ISLANDS_JS, 200, {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": FOREVER,
    });
  });
  const logo = looks.logo;
  if (logo) {
    app.get(
      `${base}/@@file/${logo.file}`,
      (c) =>
        c.body(logo.bytes.slice().buffer, 200, {
          "Content-Type": logo.type,
          "Cache-Control": "public, max-age=3600",
        }),
    );
  }
}
