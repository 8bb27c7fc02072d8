/**
 * Export and import of the benchmark tracker in a process of their own, as an admin runs
 * `roundup admin export` and `import`: `deno run -A bench/export_import.ts SOURCE TARGET DIR`
 * exports the tracker at SOURCE into DIR, imports that into the installed, empty tracker at
 * TARGET, and prints the figures as one line of JSON.
 */
import { openTracker } from "../tracker/home.ts";
import { benchExportImport } from "./export_import_figures.ts";

/**
 * Lets the disk write back what earlier parts left pending (the build leaves hundreds of MB),
 * so that one timed part does not pay for another's writes.
 */
async function settleDisk(): Promise<void> {
  await new Deno.Command("sync").output().catch(() => {});
}

const [source, target, dir] = Deno.args;
if (!source || !target || !dir) {
  Deno.stderr.writeSync(
    new TextEncoder().encode(
      "usage: export_import.ts SOURCE_HOME TARGET_HOME EXPORT_DIR\n",
    ),
  );
  Deno.exit(2);
}
let peakRss = 0;
const sampler = setInterval(
  () => (peakRss = Math.max(peakRss, Deno.memoryUsage().rss)),
  100,
);
const s = await openTracker(source, { sendMail: false });
const t = await openTracker(target, { sendMail: false });
try {
  const figures = await benchExportImport({
    source: s.db,
    target: t.db,
    dir,
    settle: settleDisk,
  });
  peakRss = Math.max(peakRss, Deno.memoryUsage().rss);
  Deno.stdout.writeSync(
    new TextEncoder().encode(JSON.stringify({ ...figures, peakRss }) + "\n"),
  );
} finally {
  clearInterval(sampler);
  t.close();
  s.close();
}
