/**
 * Messages as GitHub-flavoured Markdown, when the tracker says so: `[markdown] render_messages =
 * yes` in config.ini (or a message of type text/markdown, as Roundup's jinja2 template shows it),
 * honouring `[markdown] break_on_newline`. Designators of the schema's classes (issue12, msg3)
 * become links. The HTML is sanitised here on the server (sanitize-html with an allowlist:
 * no scripts, no styles, no images from elsewhere, links only to http, https and mailto).
 */
import { Marked, type TokenizerAndRendererExtension } from "marked";
import sanitizeHtml from "sanitize-html";
import type { Tracker } from "../tracker/home.ts";

/** How a tracker renders messages. */
export interface MarkdownOptions {
  /** Single line breaks become <br>. */
  breaks: boolean;
  /** The tracker's URL path, for designator links. */
  base: string;
  /** Class names whose designators become links. */
  classes: ReadonlySet<string>;
}

function flag(t: Tracker, name: string): boolean {
  if (!t.config.has("markdown", name)) return false;
  return /^(yes|true|on|1)$/i.test(t.config.get("markdown", name).trim());
}

/** True when the tracker renders every message as Markdown (plain text is the default). */
export function markdownMessages(t: Tracker): boolean {
  return flag(t, "render_messages");
}

/** The tracker's Markdown options. */
export function markdownOptions(t: Tracker, base: string): MarkdownOptions {
  return {
    breaks: flag(t, "break_on_newline"),
    base,
    classes: new Set(t.schema.classes.keys()),
  };
}

function designators(o: MarkdownOptions): TokenizerAndRendererExtension {
  return {
    name: "designator",
    level: "inline",
    start(src) {
      for (const m of src.matchAll(/\b([A-Za-z_]+)(\d+)\b/g)) {
        if (o.classes.has(m[1]!)) return m.index;
      }
      return undefined;
    },
    tokenizer(src) {
      const m = /^([A-Za-z_]+)(\d+)\b/.exec(src);
      if (!m || !o.classes.has(m[1]!)) return undefined;
      return { type: "designator", raw: m[0], cls: m[1], id: m[2] };
    },
    renderer(t) {
      return `<a href="${o.base}/${t.cls}${t.id}">${t.raw}</a>`;
    },
  };
}

const ALLOWED = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags.filter((t) => t !== "img"),
    "del",
    "input",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel"],
    code: ["class"],
    input: ["type", "checked", "disabled"],
    th: ["align"],
    td: ["align"],
    ol: ["start"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform("a", { rel: "nofollow noopener" }),
  },
};

/** Sanitised HTML of a Markdown text. */
export function renderMarkdown(text: string, o: MarkdownOptions): string {
  const md = new Marked({ gfm: true, breaks: o.breaks, async: false });
  md.use({ extensions: [designators(o)] });
  const raw = md.parse(text) as string;
  return sanitizeHtml(raw, ALLOWED);
}
