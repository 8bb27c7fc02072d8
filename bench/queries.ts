/** Timed queries against the bench tracker: a filtered index page and full-text searches. */
import type { Db } from "../store/mod.ts";
import type { BuildResult } from "./build.ts";

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

async function timeIt(
  times: number,
  fn: () => Promise<unknown>,
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export async function measureQueries(db: Db, b: BuildResult) {
  const open = b.statusIds.filter((s) => s !== b.resolvedId);
  const page = () =>
    db.cls("issue").filter({
      filterspec: { status: open },
      sort: [["-", "activity"]],
      limit: 50,
    });
  const first = await page();
  if (first.length !== 50) {
    throw new Error(`filter returned ${first.length} issues, expected 50`);
  }
  const filterTimes = await timeIt(100, page);
  const rare = await db.search(b.rareWord, "issue");
  if (rare.length !== 1) {
    throw new Error(`rare word found ${rare.length} issues, expected 1`);
  }
  const rareTimes = await timeIt(100, () => db.search(b.rareWord, "issue"));
  const commonHits = (await db.search(b.commonWord, "issue")).length;
  const commonTimes = await timeIt(5, () => db.search(b.commonWord, "issue"));
  // The web index with @search_text: the common word, first 50 by activity, with a total.
  const searchPage = () =>
    db.cls("issue").filterPage({
      search: b.commonWord,
      sort: [["-", "activity"]],
      limit: 50,
    });
  const firstSearch = await searchPage();
  if (firstSearch.ids.length !== 50) {
    throw new Error(
      `search page returned ${firstSearch.ids.length} issues, expected 50`,
    );
  }
  const searchTimes = await timeIt(20, searchPage);
  return {
    filterP50: percentile(filterTimes, 0.5),
    filterP95: percentile(filterTimes, 0.95),
    rareP50: percentile(rareTimes, 0.5),
    commonP50: percentile(commonTimes, 0.5),
    commonHits,
    searchPageP50: percentile(searchTimes, 0.5),
    searchPageP95: percentile(searchTimes, 0.95),
    searchPageTotal: firstSearch.total,
    searchPageEstimated: firstSearch.estimated,
  };
}
