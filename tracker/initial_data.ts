/** Loading a tracker's initial data (initial_data.json): items with {{adminpw}}-style placeholders. */
import { hashPassword } from "../store/password.ts";
import { type Db, InvalidValueError } from "../store/mod.ts";

import type { InitialItem } from "../templates/initial_item.ts";
export type { InitialItem };

/** Creates the items in one transaction; Password values are hashed, Link values may be key names. */
export async function loadInitialData(
  db: Db,
  items: InitialItem[],
  vars: Record<string, string>,
): Promise<void> {
  const fill = (v: string) =>
    v.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? "");
  const prepared: Array<{ cls: string; values: Record<string, unknown> }> = [];
  for (const item of items) {
    const def = db.schema.classes.get(item.class);
    if (!def) {
      throw new InvalidValueError(
        `Cannot load initial data: no class "${item.class}"`,
      );
    }
    const values: Record<string, unknown> = {};
    for (const [k, raw] of Object.entries(item.values)) {
      const p = def.props.get(k);
      if (!p) {
        throw new InvalidValueError(
          `Cannot load initial data: class "${item.class}" has no property "${k}"`,
        );
      }
      const v = typeof raw === "string" ? fill(raw) : raw;
      if (p.type === "Password") {
        values[k] = v === "" ? null : await hashPassword(String(v));
      } else if (p.type === "Number" || p.type === "Integer") {
        values[k] = Number(v);
      } else if (v === "" && p.type !== "String") continue;
      else values[k] = v;
    }
    prepared.push({ cls: item.class, values });
  }
  await db.transact(async (tx) => {
    for (const { cls, values } of prepared) await tx.create(cls, values);
  });
}
