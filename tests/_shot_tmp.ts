import { chromium } from "playwright-core";
const b = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
for (const [w, name] of [[1280, "desk"], [375, "mob"]] as const) {
  const p = await b.newPage({ viewport: { width: w, height: 900 } });
  await p.goto("http://localhost:8917/demo/");
  await p.screenshot({ path: `/tmp/wd/home-${name}.png`, fullPage: true });
  await p.fill("input[name=__login_name]", "alice");
  await p.fill("input[name=__login_password]", "alice");
  await p.click("text=Login");
  await p.goto("http://localhost:8917/demo/issue1");
  await p.screenshot({ path: `/tmp/wd/issue-${name}.png`, fullPage: true });
}
await b.close();
