import assert from "node:assert/strict";
import { renderMarkdown } from "./markdown.ts";

const O = { breaks: false, base: "/t", classes: new Set(["issue", "msg"]) };

Deno.test("renderMarkdown() renders GitHub-flavoured Markdown", () => {
  const html = renderMarkdown(
    "# Title\n\n* one\n* **two**\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ `code`",
    O,
  );
  assert.match(html, /<h1>Title<\/h1>/);
  assert.match(html, /<li><strong>two<\/strong><\/li>/);
  assert.match(html, /<table>/);
  assert.match(html, /<del>old<\/del>/);
  assert.match(html, /<code>code<\/code>/);
});

Deno.test("renderMarkdown() links designators of known classes only", () => {
  const html = renderMarkdown("see issue12 and msg3, not foo4 or xissue5", O);
  assert.match(
    html,
    /<a href="\/t\/issue12" rel="nofollow noopener">issue12<\/a>/,
  );
  assert.match(html, /<a href="\/t\/msg3" rel="nofollow noopener">msg3<\/a>/);
  assert.doesNotMatch(html, /foo4<\/a>|xissue5<\/a>/);
});

Deno.test("renderMarkdown() honours break_on_newline", () => {
  assert.doesNotMatch(renderMarkdown("a\nb", O), /<br/);
  assert.match(renderMarkdown("a\nb", { ...O, breaks: true }), /a<br \/>\s*b/);
});

Deno.test("renderMarkdown() removes scripts, handlers, styles, images and javascript: links", () => {
  const html = renderMarkdown(
    '<script>alert(1)</script>\n\n<b onclick="x()">b</b> <img src="http://evil/x.png">\n\n[x](javascript:alert(1)) <span style="color:red">s</span>',
    O,
  );
  assert.doesNotMatch(html, /script|onclick|<img|javascript:|style=/i);
  assert.match(html, /<b>b<\/b>/);
});
