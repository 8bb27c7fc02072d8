/**
 * `deno task bench`: builds a classic tracker of BENCH_ISSUES issues (default 100,000) through the
 * public store API with detectors on, then measures filter and full-text search, and prints figures.
 */
import { join } from "node:path";
import {
  initialiseTracker,
  installTracker,
  openTracker,
} from "../tracker/home.ts";
import { runBuild } from "./build.ts";
import { measureQueries } from "./queries.ts";
import type { ExportImportBench } from "./export_import_figures.ts";
import { benchMailbox } from "./mail.ts";
import { benchWebLive, formatWebLive } from "./web_live.ts";
import { benchRest, formatRestBench } from "./rest.ts";
import { benchWeb } from "./web.ts";

const N = Number(Deno.env.get("BENCH_ISSUES") ?? 100_000);
const dir = Deno.env.get("BENCH_DIR") ??
  await Deno.makeTempDir({ prefix: "roundup-bench-" });
const home = join(dir, "tracker");
let peak = 0;
const sampler = setInterval(
  () => (peak = Math.max(peak, Deno.memoryUsage().rss)),
  100,
);
const print = (line: string) =>
  Deno.stdout.writeSync(new TextEncoder().encode(line + "\n"));

/** Export and import in a process of their own (bench/export_import.ts), as an admin runs them. */
async function exportImportApart(
  source: string,
  target: string,
  into: string,
): Promise<ExportImportBench & { peakRss: number }> {
  const script = new URL("./export_import.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, source, target, into],
    stderr: "inherit",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  if (!out.success) throw new Error(`export/import failed: ${text}`);
  return JSON.parse(text.split("\n").pop()!);
}

// Nosy mail is composed and appended to a debug file instead of being sent.
const SETTINGS = {
  tracker_web: "http://localhost:8080/bench/",
  mail_domain: "localhost",
  mail_host: "localhost",
  mail_debug: join(dir, "nosy-mail.txt"),
};
await installTracker(home, { settings: SETTINGS });
const t = await openTracker(home, { sendMail: false });
await initialiseTracker(t, "admin");
print(
  `building ${N} issues (2 messages of ~40 words, nosy 3, 2 keywords, detectors on) in ${home}`,
);
const build = await runBuild(
  t.db,
  N,
  (done, rate) => print(`  ${done} issues, ${rate.toFixed(0)}/s`),
);
print(
  `create: ${N} issues in ${(build.ms / 1000).toFixed(1)} s = ${
    (N / build.ms * 1000).toFixed(0)
  } issues/s`,
);
const q = await measureQueries(t.db, build);
print(
  `filter (status not resolved, -activity, first 50): p50 ${
    q.filterP50.toFixed(2)
  } ms, p95 ${q.filterP95.toFixed(2)} ms`,
);
print(`full-text rare word (1 message): p50 ${q.rareP50.toFixed(2)} ms`);
print(
  `full-text common word (10% of messages): p50 ${
    q.commonP50.toFixed(1)
  } ms (${q.commonHits} issues)`,
);
print(
  `full-text common word, index page (first 50 by -activity, with total): p50 ${
    q.searchPageP50.toFixed(1)
  } ms, p95 ${q.searchPageP95.toFixed(1)} ms (total ${
    q.searchPageEstimated ? "about " : ""
  }${q.searchPageTotal})`,
);
for (const line of formatRestBench(await benchRest(t))) print(line);
t.close();
// The real server in a process of its own, under loopback load (bench/web.ts).
await benchWeb({
  home,
  itemId: String(Math.ceil(N / 2)),
  searchWord: build.commonWord,
  seconds: Number(Deno.env.get("BENCH_WEB_SECONDS") ?? 10),
  print,
});
const target = join(dir, "imported");
await installTracker(target, { settings: SETTINGS });
const ei = await exportImportApart(home, target, join(dir, "export"));
peak = Math.max(peak, ei.peakRss);
print(
  `export: ${ei.items} items + ${ei.entries} journal entries in ${
    (ei.exportMs / 1000).toFixed(1)
  } s = ${ei.exportItemsPerSecond} items/s`,
);
print(
  `import: ${
    (ei.importMs / 1000).toFixed(1)
  } s = ${ei.importItemsPerSecond} items/s`,
);
const MAILED = Math.min(1000, N);
const t3 = await openTracker(home);
const withMail = await runBuild(t3.db, MAILED, () => {});
print(
  `create with nosy mail composed to the [mail] debug file: ${MAILED} issues = ${
    (MAILED / withMail.ms * 1000).toFixed(0)
  } issues/s`,
);
t3.close();
const MAILS = Number(Deno.env.get("BENCH_MAILS") ?? 10_000);
const t4 = await openTracker(home, { sendMail: false });
const mb = await benchMailbox(t4, dir, MAILS, N);
print(
  `mailgw: ${MAILS}-message mbox (4/5 replies to [issueN], 1/5 new) = ${
    mb.perSecond.toFixed(0)
  } messages/s (nosy mail off; ${mb.failed} failed)`,
);
t4.close();
print(formatWebLive(await benchWebLive(home)));
clearInterval(sampler);
peak = Math.max(peak, Deno.memoryUsage().rss);
print(
  `peak memory (RSS, export/import process included): ${
    (peak / 1024 / 1024).toFixed(0)
  } MiB`,
);
if (!Deno.env.get("BENCH_DIR")) await Deno.remove(dir, { recursive: true });
