/**
 * Each island in real headless Chromium, and the same pages with JavaScript off: the keyword
 * picker, the nosy editor, the date preview, the note preview with Markdown, keyboard shortcuts.
 */
import assert from "node:assert/strict";
import { browserPresent, hydrated, login, withWeb2 } from "./_web2.ts";

const present = await browserPresent();
const opts = { ignore: !present, sanitizeOps: false, sanitizeResources: false };

Deno.test({
  ...opts,
  name:
    "Picker suggests keywords and NosyEditor edits the nosy list; the form saves both",
  async fn() {
    await withWeb2(async ({ base, browser, tracker }) => {
      for (const name of ["printer", "prism", "network"]) {
        await tracker.db.cls("keyword").create({ name });
      }
      const page = await (await browser.newContext()).newPage();
      await login(page, base);
      await page.goto(`${base}/issue1`);
      await hydrated(page);
      await page.locator("#f-keyword").pressSequentially("pr");
      await page.waitForSelector("#f-keyword-list li", { timeout: 3000 });
      const shown = await page.locator("#f-keyword-list li").allTextContents();
      assert.deepEqual(shown.sort(), ["printer", "prism"]);
      assert.equal(
        await page.getAttribute("#f-keyword", "aria-expanded"),
        "true",
      );
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Enter");
      assert.match(await page.inputValue("#f-keyword"), /^pri(nter|sm),$/);
      const picked = (await page.inputValue("#f-keyword")).slice(0, -1);

      const chips = page.locator(".nosy-editor .chips li");
      const names = async () =>
        (await chips.allTextContents()).map((s) => s.replace("×", "").trim());
      const before = await names();
      assert.ok(before.length >= 1 && !before.includes("carol"));
      await page.locator("#f-nosy").pressSequentially("ca");
      await page.waitForSelector("#f-nosy-list li", { timeout: 3000 });
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Enter");
      assert.deepEqual(await names(), [...before, "carol"]);
      await page.click(".nosy-editor .chips li:first-child .chip-remove");
      const after = [...before.slice(1), "carol"];
      assert.deepEqual(await names(), after);
      await Promise.all([
        page.waitForNavigation(),
        page.click("button[name=submit_button]"),
      ]);
      const issue = await tracker.db.cls("issue").getItem("1");
      const saved = await Promise.all(
        (issue.nosy as string[]).map((id) =>
          tracker.db.cls("user").get(id, "username")
        ),
      );
      assert.deepEqual(saved.sort(), after.sort());
      const kw = await tracker.db.cls("keyword").lookup(picked);
      assert.deepEqual(issue.keyword, [kw]);
    });
  },
});

Deno.test({
  ...opts,
  name:
    "DateField previews what a date means, and says why a text is not a date",
  async fn() {
    await withWeb2(async ({ base, browser }) => {
      const page = await (await browser.newContext()).newPage();
      await login(page, base);
      await page.goto(`${base}/issue?@template=search`);
      await hydrated(page);
      await page.locator("#s-activity").pressSequentially(
        "2026-03-01;2026-03-31",
      );
      await page.waitForFunction(
        () =>
          document.querySelector("#s-activity-meaning.date-ok")?.textContent
            ?.includes("2026-03-31"),
        undefined,
        { timeout: 3000 },
      );
      assert.equal(
        await page.textContent("#s-activity-meaning"),
        "from 2026-03-01.00:00:00 (UTC) to 2026-03-31.00:00:00 (UTC)",
      );
      await page.fill("#s-activity", "");
      await page.locator("#s-activity").pressSequentially("2026-13-45");
      // Typing shows previews of the text so far ("2026-" is bad too): wait for the last one.
      await page.waitForFunction(
        () =>
          document.querySelector("#s-activity-meaning.date-bad")?.textContent
            ?.includes("2026-13-45"),
        undefined,
        { timeout: 3000 },
      );
      assert.match(
        await page.textContent("#s-activity-meaning") ?? "",
        /2026-13-45/,
      );
    });
  },
});

Deno.test({
  ...opts,
  name:
    "Shortcuts: j/k move through the index, ? lists the keys, / searches, c creates",
  async fn() {
    await withWeb2(async ({ base, browser }) => {
      const page = await (await browser.newContext()).newPage();
      await login(page, base);
      await page.goto(`${base}/issue?@columns=id,title&@sort=id`);
      await hydrated(page);
      const current = () =>
        page.evaluate(() =>
          document.querySelector("tr.kb-current td a")?.textContent ?? null
        );
      await page.keyboard.press("j");
      assert.equal(await current(), "1");
      await page.keyboard.press("j");
      await page.keyboard.press("j");
      await page.keyboard.press("k");
      assert.equal(await current(), "2");
      assert.equal(
        await page.evaluate(() => document.activeElement?.textContent),
        "2",
      );
      await Promise.all([
        page.waitForNavigation(),
        page.keyboard.press("Enter"),
      ]);
      assert.match(page.url(), /\/issue2$/);
      await hydrated(page);
      await Promise.all([page.waitForNavigation(), page.keyboard.press("j")]);
      assert.match(
        page.url(),
        /\/issue3$/,
        "j on an item goes to the next one of the index",
      );
      await hydrated(page);
      await Promise.all([page.waitForNavigation(), page.keyboard.press("k")]);
      assert.match(page.url(), /\/issue2$/);
      await page.goto(`${base}/issue?@columns=id,title&@sort=id`);
      await hydrated(page);
      assert.equal(await page.isVisible(".shortcuts"), false);
      await page.keyboard.press("Shift+?");
      assert.equal(await page.isVisible(".shortcuts"), true);
      await page.keyboard.press("Escape");
      assert.equal(await page.isVisible(".shortcuts"), false);
      await page.keyboard.press("/");
      assert.equal(
        await page.evaluate(() => document.activeElement?.getAttribute("name")),
        "@search_text",
      );
      await page.keyboard.type("c");
      assert.equal(await page.inputValue("input[name='@search_text']"), "c");
      await page.evaluate(() => (document.activeElement as HTMLElement).blur());
      await Promise.all([page.waitForNavigation(), page.keyboard.press("c")]);
      assert.match(page.url(), /\/issue\?@template=item$/);
    });
  },
});

Deno.test({
  ...opts,
  name:
    "NotePreview renders Markdown as the tracker will, and messages show as Markdown",
  async fn() {
    await withWeb2(
      async ({ base, browser }) => {
        const page = await (await browser.newContext()).newPage();
        await login(page, base);
        await page.goto(`${base}/issue1`);
        await hydrated(page);
        await page.locator("#f-note").pressSequentially(
          "**Bold** see issue2\n<script>window.bad=1</script>",
        );
        await page.waitForSelector(".note-preview .markdown strong", {
          timeout: 3000,
        });
        assert.equal(
          await page.textContent(".note-preview .markdown strong"),
          "Bold",
        );
        assert.equal(
          await page.getAttribute(".note-preview .markdown a", "href"),
          "/demo/issue2",
        );
        await Promise.all([
          page.waitForNavigation(),
          page.click("button[name=submit_button]"),
        ]);
        const last = page.locator(".messages article").last();
        assert.equal(
          await last.locator(".markdown strong").textContent(),
          "Bold",
        );
        assert.equal(await last.locator("script").count(), 0);
        assert.equal(await page.evaluate(() => "bad" in window), false);
      },
      {},
      { markdown: { render_messages: "yes", break_on_newline: "yes" } },
    );
  },
});

Deno.test({
  ...opts,
  name: "with JavaScript off the pages keep their plain fields and tables",
  async fn() {
    await withWeb2(async ({ base, browser, tracker }) => {
      const ctx = await browser.newContext({ javaScriptEnabled: false });
      const page = await ctx.newPage();
      await login(page, base);
      assert.equal(await page.locator(".chart-table").count(), 1);
      await page.goto(`${base}/issue1`);
      assert.equal(await page.getAttribute("#f-nosy", "type"), "text");
      assert.equal(await page.getAttribute("#f-nosy", "name"), "nosy");
      assert.equal(await page.getAttribute("#f-keyword", "name"), "keyword");
      await page.fill("#f-nosy", "alice,carol");
      await Promise.all([
        page.waitForNavigation(),
        page.click("button[name=submit_button]"),
      ]);
      const nosy = (await tracker.db.cls("issue").getItem("1"))
        .nosy as string[];
      const names = await Promise.all(
        nosy.map((id) => tracker.db.cls("user").get(id, "username")),
      );
      assert.deepEqual(names.sort(), ["alice", "carol"]);
      await page.goto(`${base}/issue?@columns=id,title&@sort=id`);
      assert.ok(await page.locator("table.list tbody tr").count() >= 5);
      assert.equal(await page.locator(".live-badge").count(), 0);
      assert.equal(await page.isVisible(".shortcuts"), false);
    });
  },
});
