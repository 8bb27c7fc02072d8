import assert from "node:assert/strict";
import { TestClient, testTracker } from "../server/_test_tracker.ts";
import { attachmentHeader } from "./file.ts";

Deno.test("attachmentHeader() gives an ASCII fallback and the UTF-8 name, for any name", () => {
  assert.equal(
    attachmentHeader('☃ "x".html'),
    `attachment; filename="_ _x_.html"; filename*=UTF-8''%E2%98%83%20%22x%22.html`,
  );
  // A lone surrogate or a newline must not break the header.
  const h = attachmentHeader("a\ud800\nb.svg");
  assert.doesNotThrow(() => new Headers({ "content-disposition": h }));
});

Deno.test("downloadFile() serves odd names and types: non-Latin-1 names, padded or broken types, all active types as attachments", async () => {
  const { t, app, close } = await testTracker();
  try {
    const files = t.db.cls("file");
    const cases: Array<[string, string, RegExp, boolean]> = [
      ["☃.html", "text/html", /^text\/html/, true],
      ["x.html", " text/html", /^text\/html/, true],
      ["x.rss", "application/rss+xml", /rss\+xml/, true],
      ["x.txt", "text/plain\u0000", /^application\/octet-stream/, false],
      ["\ud800.svg", "image/svg+xml", /svg/, true],
    ];
    const c = new TestClient(app);
    assert.equal((await c.login("admin", "admin")).status, 302);
    for (const [name, type, served, attached] of cases) {
      const id = await files.create({
        name,
        type,
        content: new TextEncoder().encode("<script>alert(1)</script>"),
      });
      const res = await c.get(`/demo/file${id}/x`);
      await res.body?.cancel();
      assert.equal(res.status, 200, `${name} ${type}`);
      assert.match(res.headers.get("content-type") ?? "", served);
      assert.equal(
        /^attachment/.test(res.headers.get("content-disposition") ?? ""),
        attached,
        `${name} ${type}`,
      );
    }
  } finally {
    await close();
  }
});
