import { Tx } from "../store/tx.ts";
import { AtomicPlan } from "../store/atomic_plan.ts";
const acc: Record<string, number> = {};
function wrap(proto: any, name: string, label: string) {
  const orig = proto[name];
  proto[name] = async function (...a: unknown[]) {
    const t0 = performance.now();
    try { return await orig.apply(this, a); } finally { acc[label] = (acc[label] ?? 0) + performance.now() - t0; }
  };
}
wrap(Tx.prototype, "commit", "tx.commit total");
wrap(Tx.prototype, "create", "tx.create");
wrap(AtomicPlan.prototype, "commit", "kv commit");
globalThis.addEventListener("unload", () => console.log(acc));
await import("./_qb.ts");
console.log(acc);
