/** Export and import throughput, for `deno task bench`. */
import type { Db } from "../store/mod.ts";
import { exportTracker, importTracker } from "../admin/transfer/mod.ts";

/** Figures of one export and one import of the same tracker. */
export interface ExportImportBench {
  /** Items (rows of class files) exported and imported. */
  items: number;
  /** Journal entries exported and imported. */
  entries: number;
  exportMs: number;
  importMs: number;
  exportItemsPerSecond: number;
  importItemsPerSecond: number;
}

/**
 * Exports `source` into `dir` (files included), then imports that into `target`, which should
 * be an installed but empty tracker database, and reports items per second each way.
 */
export async function benchExportImport(
  opts: {
    source: Db;
    target: Db;
    dir: string;
    /** Run before each timed part (the benchmark lets the disk write back what is pending). */
    settle?: () => Promise<void>;
  },
): Promise<ExportImportBench> {
  await opts.settle?.();
  const t0 = performance.now();
  const exported = await exportTracker(opts.source, opts.dir);
  const e1 = performance.now();
  await opts.settle?.();
  const t1 = performance.now();
  const imported = await importTracker(opts.target, opts.dir);
  const t2 = performance.now();
  if (
    imported.items !== exported.items || imported.entries !== exported.entries
  ) {
    throw new RangeError(
      `Cannot trust the benchmark: exported ${exported.items} items and ${exported.entries} journal entries, imported ${imported.items} and ${imported.entries}`,
    );
  }
  const perSecond = (ms: number) => Math.round(exported.items / (ms / 1000));
  return {
    items: exported.items,
    entries: exported.entries,
    exportMs: Math.round(e1 - t0),
    importMs: Math.round(t2 - t1),
    exportItemsPerSecond: perSecond(e1 - t0),
    importItemsPerSecond: perSecond(t2 - t1),
  };
}
