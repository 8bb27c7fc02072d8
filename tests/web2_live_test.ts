/**
 * The live issue list in real headless Chromium: it updates within 2 seconds after a change by
 * `roundup admin set` (a real process), a mail through `roundup mailgw` (a real process) and a
 * second browser, without a reload.
 */
import assert from "node:assert/strict";
import { browserPresent, hydrated, login, roundup, withWeb2 } from "./_web2.ts";

const present = await browserPresent();

Deno.test({
  name:
    "LiveList updates within 2 s after admin set, a mail through mailgw and a second browser",
  ignore: !present,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await withWeb2(async ({ base, home, browser }) => {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await login(page, base);
      await page.goto(`${base}/issue?@columns=id,title,status&@sort=id`);
      await hydrated(page);
      await page.waitForSelector(".live-list[data-live=on]", { timeout: 5000 });
      const loads: string[] = [];
      page.on("request", (r) => {
        if (r.resourceType() === "document") loads.push(r.url());
      });

      const set = await roundup([
        "admin",
        "-i",
        home,
        "set",
        "issue1",
        "title=Changed by roundup admin",
      ]);
      assert.equal(set.code, 0, set.err);
      let t0 = performance.now();
      await page.waitForSelector("text=Changed by roundup admin", {
        timeout: 2000,
      });
      const adminMs = performance.now() - t0;

      const mail = await roundup(
        ["mailgw", home],
        [
          "From: Alice <alice@example.com>",
          "To: issues@example.com",
          "Subject: Mailed in while you watch",
          "Message-Id: <live-1@example.com>",
          "",
          "This came through the mail gateway.",
          "",
        ].join("\n"),
      );
      assert.equal(mail.code, 0, mail.err + mail.out);
      t0 = performance.now();
      await page.waitForSelector("text=Mailed in while you watch", {
        timeout: 2000,
      });
      const mailMs = performance.now() - t0;

      const other = await (await browser.newContext()).newPage();
      await login(other, base);
      await other.goto(`${base}/issue2`);
      await other.fill("#f-title", "Changed in another browser");
      await Promise.all([
        other.waitForNavigation(),
        other.click("button[name=submit_button]"),
      ]);
      t0 = performance.now();
      await page.waitForSelector("text=Changed in another browser", {
        timeout: 2000,
      });
      const webMs = performance.now() - t0;

      assert.deepEqual(
        loads,
        [],
        "the list updated without reloading the page",
      );
      assert.match(await page.textContent(".live-status") ?? "", /Updated/);
      // deno-lint-ignore no-console
      console.log(
        `live list: admin ${adminMs.toFixed(0)} ms, mailgw ${
          mailMs.toFixed(0)
        } ms, web ${webMs.toFixed(0)} ms`,
      );
    });
  },
});
