/**
 * A small HTML-to-text converter for mail that has no text/plain part ([mailgw]
 * convert_htmltotext): scripts, styles and the head are dropped, block elements start new
 * lines, paragraphs are separated by a blank line and character references are decoded.
 */

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  copy: "©",
  reg: "®",
  trade: "™",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  lsquo: "‘",
  rsquo: "’",
  sbquo: "‚",
  ldquo: "“",
  rdquo: "”",
  bdquo: "„",
  laquo: "«",
  raquo: "»",
  bull: "•",
  middot: "·",
  euro: "€",
  pound: "£",
  yen: "¥",
  cent: "¢",
  sect: "§",
  para: "¶",
  deg: "°",
  times: "×",
  divide: "÷",
  plusmn: "±",
  shy: "",
  zwnj: "",
  zwj: "",
};

// &agrave; &Eacute; &ouml; and the like: the base letter plus the name of its mark.
const MARKED: Record<string, string> = {
  grave: "àèìòù",
  acute: "áéíóúý",
  circ: "âêîôû",
  uml: "äëïöüÿ",
  tilde: "ãõñ",
  ring: "å",
};
for (const [mark, letters] of Object.entries(MARKED)) {
  for (const ch of letters) {
    const base = ch.normalize("NFD")[0]!;
    ENTITIES[base + mark] = ch;
    ENTITIES[base.toUpperCase() + mark] = ch.toUpperCase();
  }
}
Object.assign(ENTITIES, {
  szlig: "ß",
  ccedil: "ç",
  Ccedil: "Ç",
  oslash: "ø",
  Oslash: "Ø",
  aelig: "æ",
  AElig: "Æ",
});

const BLOCK = new Set(
  ("address article aside blockquote center dd div dl dt fieldset figure footer form " +
    "header hr li main nav ol section table tbody thead tfoot tr ul")
    .split(" "),
);
const PARAGRAPH = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "pre"]);
const SKIPPED = new Set(["script", "style", "head", "title", "noscript"]);

/** Decodes named and numeric character references. */
export function decodeEntities(text: string): string {
  return text.replace(
    /&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);?/gi,
    (whole, ref: string) => {
      if (ref[0] === "#") {
        const code = ref[1] === "x" || ref[1] === "X"
          ? parseInt(ref.slice(2), 16)
          : parseInt(ref.slice(1), 10);
        return code > 0 && code <= 0x10ffff
          ? String.fromCodePoint(code === 160 ? 32 : code)
          : whole;
      }
      return ENTITIES[ref] ?? whole;
    },
  );
}

/**
 * Converts an HTML document or fragment to plain text.
 * @example htmlToText("<p>Hello <b>world</b></p><p>Bye</p>") // "Hello world\n\nBye"
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let pre = 0;
  const newline = (n: number) => {
    let have = 0;
    for (let i = out.length - 1; i >= 0 && out[i] === "\n"; i--) have++;
    if (out.length === 0) return;
    for (; have < n; have++) out.push("\n");
  };
  const token =
    /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?\]\]>|<!?[^>]*>|[^<]+|</g;
  for (let m; (m = token.exec(html));) {
    const t = m[0];
    if (t.startsWith("<!")) continue;
    const tag = /^<(\/?)([a-zA-Z][\w:-]*)/.exec(t);
    if (!tag) {
      const text = decodeEntities(t);
      out.push(pre ? text : text.replace(/\s+/g, " "));
      continue;
    }
    const closing = tag[1] === "/";
    const name = tag[2]!.toLowerCase();
    if (SKIPPED.has(name)) {
      // Script and style text may hold "<", so jump straight to the end tag.
      if (closing || t.endsWith("/>")) continue;
      const end = html.toLowerCase().indexOf(`</${name}`, token.lastIndex);
      token.lastIndex = end < 0 ? html.length : end;
      continue;
    }
    if (name === "br") out.push("\n");
    else if (name === "pre") {
      pre += closing ? -1 : 1;
      newline(2);
    } else if (PARAGRAPH.has(name)) newline(2);
    else if (BLOCK.has(name)) newline(1);
    else if ((name === "td" || name === "th") && !closing) out.push(" ");
    if (name === "li" && !closing) out.push("* ");
  }
  return out.join("")
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+$/, "").replace(/^ (?=\S)/, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
