/**
 * HTML to plain text for mail that has no text/plain part ([mailgw] convert_htmltotext), by
 * the html-to-text package (the one mailparser uses): scripts, styles and the head are dropped,
 * block elements start new lines, paragraphs are separated by a blank line, list items start
 * with "* ", links keep only their text and character references are decoded.
 */
import { convert } from "html-to-text";

const HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({
  selector,
  options: { uppercase: false },
}));

const OPTIONS = {
  // Lines stay as the sender wrote them; mail clients wrap them for display.
  wordwrap: false,
  selectors: [
    { selector: "a", options: { ignoreHref: true } },
    { selector: "img", format: "skip" },
    { selector: "ul", options: { itemPrefix: "* " } },
    ...HEADINGS,
    { selector: "table", format: "dataTable" },
  ],
};

/**
 * Converts an HTML document or fragment to plain text.
 * @example htmlToText("<p>Hello <b>world</b></p><p>Bye</p>") // "Hello world\n\nBye"
 */
export function htmlToText(html: string): string {
  return (convert(html, OPTIONS) as string).replace(/\u00a0/g, " ");
}
