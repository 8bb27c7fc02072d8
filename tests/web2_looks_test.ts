/**
 * Looks in real headless Chromium: no accessibility violations (axe-core, WCAG 2 A and AA) on the
 * home, index, item, search and login pages, light and dark; dark mode follows the system
 * setting; nothing is wider than a 375 px phone; screenshots of index, item, search and login at
 * desktop and phone widths (into docs/screenshots/ when missing or UPDATE_SCREENSHOTS=1).
 */
import assert from "node:assert/strict";
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import {
  browserPresent,
  hydrated,
  login,
  screenshotPath,
  withWeb2,
} from "./_web2.ts";

const present = await browserPresent();
const opts = { ignore: !present, sanitizeOps: false, sanitizeResources: false };

const PAGES: Array<[string, string]> = [
  ["home", "/"],
  [
    "index",
    "/issue?@columns=id,activity,title,creator,status&@sort=-activity&@group=priority",
  ],
  ["item", "/issue1"],
  ["search", "/issue?@template=search"],
];

async function violations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags([
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
  ]).analyze();
  assert.ok(r.passes.length > 10, "axe-core ran its checks");
  return r.violations.map((v) =>
    `${v.id}: ${v.help} (${
      v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")
    })`
  );
}

Deno.test({
  ...opts,
  name:
    "home, index, item, search and login have no accessibility violations, light or dark",
  async fn() {
    await withWeb2(async ({ base, browser }) => {
      for (const scheme of ["light", "dark"] as const) {
        const ctx = await browser.newContext({ colorScheme: scheme });
        const elsewhere: string[] = [];
        ctx.on("request", (r) => {
          const u = new URL(r.url());
          if (u.protocol !== "data:" && u.host !== new URL(base).host) {
            elsewhere.push(r.url());
          }
        });
        const page = await ctx.newPage();
        await page.goto(`${base}/`);
        await hydrated(page);
        assert.deepEqual(await violations(page), [], `login page, ${scheme}`);
        await login(page, base);
        for (const [name, path] of PAGES) {
          await page.goto(base + path);
          await hydrated(page);
          assert.deepEqual(
            await violations(page),
            [],
            `${name} page, ${scheme}`,
          );
        }
        assert.deepEqual(elsewhere, [], "no request to any other host");
        await ctx.close();
      }
    });
  },
});

Deno.test({
  ...opts,
  name:
    "dark mode follows the system setting, and a 375 px phone needs no sideways scrolling",
  async fn() {
    await withWeb2(async ({ base, browser }) => {
      const bg = (page: Page) =>
        page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const light = await (await browser.newContext({ colorScheme: "light" }))
        .newPage();
      await light.goto(`${base}/`);
      assert.equal(await bg(light), "rgb(245, 246, 248)");
      const dark = await (await browser.newContext({ colorScheme: "dark" }))
        .newPage();
      await dark.goto(`${base}/`);
      assert.equal(await bg(dark), "rgb(18, 22, 31)");

      for (
        const [width, height, label] of [[1280, 900, "desktop"], [
          375,
          740,
          "phone",
        ]] as const
      ) {
        const ctx = await browser.newContext({ viewport: { width, height } });
        const page = await ctx.newPage();
        await page.goto(`${base}/`);
        await page.screenshot({
          path: await screenshotPath(`login-${label}`),
          fullPage: true,
        });
        await login(page, base);
        for (const [name, path] of PAGES) {
          await page.goto(base + path);
          await hydrated(page);
          const wide = await page.evaluate(() =>
            document.documentElement.scrollWidth
          );
          assert.ok(wide <= width, `${name} is ${wide} px wide at ${width} px`);
          if (name !== "home") {
            await page.screenshot({
              path: await screenshotPath(`${name}-${label}`),
              fullPage: true,
            });
          }
        }
        await ctx.close();
      }
      const ctx = await browser.newContext({
        colorScheme: "dark",
        viewport: { width: 1280, height: 900 },
      });
      const page = await ctx.newPage();
      await login(page, base);
      await page.waitForSelector(".open-chart canvas", { timeout: 5000 });
      await page.screenshot({
        path: await screenshotPath("home-dark-desktop"),
        fullPage: true,
      });
    });
  },
});
