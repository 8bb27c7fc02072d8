/**
 * The web UI in real headless Chromium: log in, create an issue with an attachment, comment,
 * change status, an edit collision between two browser contexts, and the same with JavaScript off.
 * Skips (saying why) when /usr/bin/chromium is absent, but fails instead under CI=true.
 * SCREENSHOT_DIR=dir also saves screenshots of the pages at desktop and 375 px widths.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Page,
} from "playwright-core";
import {
  initialiseTracker,
  installTracker,
  openTracker,
} from "../tracker/home.ts";
import { loadSampleData } from "../tracker/sample_data.ts";
import { serveTrackers } from "../server/mod.ts";

const CHROMIUM = "/usr/bin/chromium";
const present = await Deno.stat(CHROMIUM).then(() => true, () => false);
if (!present) {
  if (Deno.env.get("CI") === "true") {
    throw new Error(
      `${CHROMIUM} is missing: the browser tests cannot run under CI`,
    );
  }
  // deno-lint-ignore no-console
  console.warn(`Skipping the browser tests: ${CHROMIUM} is not installed`);
}

async function withServer(
  fn: (base: string, b: Browser) => Promise<void>,
): Promise<void> {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = probe.addr.port;
  probe.close();
  const dir = await Deno.makeTempDir({ prefix: "roundup-browser-" });
  const base = `http://127.0.0.1:${port}/demo`;
  await installTracker(join(dir, "t"), {
    settings: {
      tracker_web: `${base}/`,
      tracker_name: "Browser test",
      mail_domain: "localhost",
      mail_host: "localhost",
      mail_debug: "mail.txt",
      "web.registration_delay": "0",
      instant_registration: "yes",
    },
  });
  const t = await openTracker(join(dir, "t"));
  await initialiseTracker(t, "admin");
  await loadSampleData(t.db);
  const stop = new AbortController();
  const listening = Promise.withResolvers<void>();
  const served = serveTrackers([["demo", t]], {
    host: "127.0.0.1",
    port,
    log: () => {},
    signal: stop.signal,
    onListen: () => listening.resolve(),
  });
  await listening.promise;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-background-networking"],
  });
  try {
    await fn(base, browser);
  } finally {
    await browser.close();
    stop.abort();
    await served;
    await Deno.remove(dir, { recursive: true });
  }
}

async function shot(page: Page, name: string): Promise<void> {
  const dir = Deno.env.get("SCREENSHOT_DIR");
  if (!dir) return;
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

async function login(
  ctx: BrowserContext,
  base: string,
  name: string,
): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${base}/`);
  await page.fill("input[name=__login_name]", name);
  await page.fill("input[name=__login_password]", name);
  await Promise.all([
    page.waitForURL(/ok_message=Welcome/),
    page.click("nav button:has-text('Login')"),
  ]);
  assert.match(
    await page.textContent("nav") ?? "",
    new RegExp(`Hello, ${name}`),
  );
  return page;
}

async function createIssue(
  page: Page,
  base: string,
  title: string,
): Promise<string> {
  await page.goto(`${base}/issue?@template=item`);
  await page.fill("input[name=title]", title);
  await page.selectOption("select[name=priority]", { label: "bug" });
  await page.fill("textarea[name='@note']", "It broke, see issue1");
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(join(dir, "trace.txt"), "stack trace here");
  await page.setInputFiles("input[name='@file']", join(dir, "trace.txt"));
  await Promise.all([
    page.waitForURL(/\/issue\d+\?/),
    page.click("button:has-text('Submit New Entry')"),
  ]);
  await Deno.remove(dir, { recursive: true });
  assert.match(
    await page.textContent(".ok-message") ?? "",
    /issue \d+ created/,
  );
  return /\/issue(\d+)\?/.exec(page.url())![1]!;
}

for (const js of [true, false]) {
  Deno.test({
    name: `web UI (JavaScript ${
      js ? "on" : "off"
    }): log in, create an issue with a file, comment, change status`,
    ignore: !present,
    async fn() {
      await withServer(async (base, browser) => {
        const ctx = await browser.newContext({ javaScriptEnabled: js });
        const page = await login(ctx, base, "alice");
        const id = await createIssue(
          page,
          base,
          `Browser issue ${js ? "js" : "nojs"}`,
        );
        assert.equal(
          await page.textContent(`a[href$='/file1/trace.txt']`),
          "trace.txt",
        );
        assert.equal(
          await page.getAttribute("article .msgtext a", "href"),
          "/demo/issue1",
        );
        await page.fill("textarea[name='@note']", "A second comment");
        await page.selectOption("select[name=status]", {
          label: "in-progress",
        });
        await Promise.all([
          page.waitForURL(/edited\+ok/),
          page.click("button:has-text('Submit Changes')"),
        ]);
        assert.equal(await page.locator("article").count(), 2);
        assert.equal(
          await page.locator("select[name=status] option[selected]")
            .textContent(),
          "in-progress",
        );
        const file = await ctx.request.get(`${base}/file1/trace.txt`);
        assert.equal(await file.text(), "stack trace here");
        if (js) {
          await shot(page, "issue-desktop");
          await page.setViewportSize({ width: 375, height: 800 });
          await shot(page, "issue-375");
          await page.goto(`${base}/issue`);
          await shot(page, "index-375");
          await page.setViewportSize({ width: 1280, height: 800 });
          await shot(page, "index-desktop");
          await page.goto(`${base}/issue${id}?@error_message=demo`);
        }
        await ctx.close();
      });
    },
  });
}

Deno.test({
  name:
    "web UI: an edit collision between two browser contexts shows both values and saves nothing",
  ignore: !present,
  async fn() {
    await withServer(async (base, browser) => {
      const a = await login(await browser.newContext(), base, "alice");
      const b = await login(
        await browser.newContext({ javaScriptEnabled: false }),
        base,
        "bob",
      );
      await a.goto(`${base}/issue2`);
      await b.goto(`${base}/issue2`);
      await a.selectOption("select[name=status]", { label: "testing" });
      await Promise.all([
        a.waitForURL(/edited\+ok/),
        a.click("button:has-text('Submit Changes')"),
      ]);
      await b.selectOption("select[name=status]", { label: "deferred" });
      await b.click("button:has-text('Submit Changes')");
      await b.waitForSelector(".collision");
      assert.match(
        await b.textContent(".error-message") ?? "",
        /Edit collision: status/,
      );
      assert.equal(await b.textContent(".collision td.theirs"), "testing");
      await shot(b, "collision");
      await b.goto(`${base}/issue2`);
      assert.equal(
        await b.locator("select[name=status] option[selected]").textContent(),
        "testing",
      );
    });
  },
});

Deno.test({
  name:
    "web UI (JavaScript off): register a user, then save a search as a query and reuse it from the menu",
  ignore: !present,
  async fn() {
    await withServer(async (base, browser) => {
      const page =
        await (await browser.newContext({ javaScriptEnabled: false }))
          .newPage();
      await page.goto(`${base}/`);
      await page.click("nav a:has-text('Register')");
      await page.fill("#r-username", "erin");
      await page.fill("#r-realname", "Erin Example");
      await page.fill("#r-address", "erin@example.com");
      await page.fill("#r-password", "secret");
      await page.fill("#r-confirm", "secret");
      await shot(page, "register");
      await Promise.all([
        page.waitForURL(/ok_message=Welcome/),
        page.click("button:has-text('Register')"),
      ]);
      assert.match(await page.textContent("nav") ?? "", /Hello, erin/);
      await page.goto(`${base}/issue?@template=search`);
      await page.selectOption("#s-status", "unread");
      await page.fill("#s-q", "Fresh ones");
      await shot(page, "search");
      await Promise.all([
        page.waitForURL(/dispname=Fresh/),
        page.click("form button:has-text('Search')"),
      ]);
      assert.equal(await page.textContent("h1"), "Fresh ones");
      const count = await page.textContent(".count");
      await page.goto(`${base}/`);
      await Promise.all([
        page.waitForURL(/dispname=Fresh/),
        page.click("nav a:has-text('Fresh ones')"),
      ]);
      assert.equal(await page.textContent(".count"), count);
    });
  },
});

Deno.test({
  name:
    "web UI (JavaScript off): a public query another user keeps in their list stays there when its owner makes it private",
  ignore: !present,
  async fn() {
    await withServer(async (base, browser) => {
      const off = { javaScriptEnabled: false };
      const bob = await login(await browser.newContext(off), base, "bob");
      await bob.goto(`${base}/issue?@template=search`);
      await bob.selectOption("#s-status", "unread");
      await bob.fill("#s-q", "Team view");
      // New queries are private unless the box is cleared, as in Roundup.
      assert.equal(await bob.isChecked("input[name='@private']"), true);
      await bob.uncheck("input[name='@private']");
      await Promise.all([
        bob.waitForURL(/dispname=Team/),
        bob.click("form button:has-text('Search')"),
      ]);
      const count = await bob.textContent(".count");
      const alice = await login(await browser.newContext(off), base, "alice");
      await alice.goto(`${base}/query?@template=edit`);
      await alice.check(
        "input[aria-label='include Team view in Your Queries']",
      );
      await Promise.all([
        alice.waitForURL(/ok_message/),
        alice.click("button:has-text('Save Selection')"),
      ]);
      assert.match(await alice.textContent("nav") ?? "", /Team view/);
      await bob.goto(`${base}/query?@template=edit`);
      await bob.selectOption("select[aria-label='Team view private']", "yes");
      await Promise.all([
        bob.waitForURL(/ok_message/),
        bob.click("button:has-text('Save Selection')"),
      ]);
      await alice.goto(`${base}/`);
      await Promise.all([
        alice.waitForURL(/dispname=Team/),
        alice.click("nav a:has-text('Team view')"),
      ]);
      assert.equal(await alice.textContent(".count"), count);
      await alice.goto(`${base}/query?@template=edit`);
      const mine = await alice.textContent("table.list") ?? "";
      assert.match(mine, /Queries I created\s*Team view/);
    });
  },
});
