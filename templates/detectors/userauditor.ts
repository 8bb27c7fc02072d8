/**
 * userauditor: checks user properties before they are saved: the username's characters, the
 * syntax and uniqueness of every address, that the roles exist and that the timezone is known.
 */
import { type AuditContext, type Db, Reject } from "../../store/mod.ts";
import { Security } from "../../store/security.ts";
import type { DetectorConfig } from "./_detector_config.ts";

// The "99.99% solution for syntax only" from regular-expressions.info, as Roundup uses it.
const LOCAL = String
  .raw`[a-z0-9!#$%&'*+/=?^_\`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_\`{|}~-]+)*`;
const DOMAIN = String
  .raw`(localhost|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9]))`;
const EMAIL_FULL = new RegExp(`^${LOCAL}@${DOMAIN}$`, "i");
const EMAIL_LOCAL = new RegExp(`^${LOCAL}$`, "i");
const USERNAME = /^[a-z0-9_@!%.+-]+$/i;
const NAMED_OFFSETS = ["UTC", "GMT", "UCT", "EST", "MST", "HST"];

/** True for a full address, or for a local-only address when there is no "@". */
export function isValidAddress(address: string): boolean {
  return (address.includes("@") ? EMAIL_FULL : EMAIL_LOCAL).test(address);
}

/** Null for a usable timezone, else why it is not. */
export function timezoneProblem(tz: string): string | null {
  if (/^\s*[+-]?\d+\s*$/.test(tz)) {
    return Math.abs(Number(tz)) <= 23
      ? null
      : `Timezone "${tz}" exceeds valid range [-23...23]`;
  }
  if (NAMED_OFFSETS.includes(tz)) return null;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return null;
  } catch {
    return `Timezone "${tz}" does not exist`;
  }
}

/** Addresses being set: the address, then each line of alternate_addresses. */
function addressesOf(changes: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof changes.address === "string") out.push(changes.address);
  const alt = changes.alternate_addresses;
  if (typeof alt === "string" && alt) out.push(...alt.split(/\r?\n/));
  return out;
}

/** Registers the user auditor for create and set. */
export function init(db: Db, _cfg: DetectorConfig): void {
  const security = new Security(db.schema.spec);
  const hasAlternates = db.schema.classes.get("user")?.props.has(
    "alternate_addresses",
  );

  async function auditUserFields(ctx: AuditContext): Promise<void> {
    const c = ctx.changes;
    if (typeof c.username === "string" && !USERNAME.test(c.username)) {
      throw new Reject(
        "Username/Login Name must consist only of the letters a-z (any case), digits 0-9 and the symbols: @._-!+%",
      );
    }
    const users = db.handleIn(ctx.tx, "user");
    for (const address of addressesOf(c)) {
      if (!isValidAddress(address)) {
        throw new Reject(`Email address syntax is invalid "${address}"`);
      }
      // Roundup's stringFind: a caseless match of the whole address.
      const main = await users.filter({ exact: { address } });
      const mainTaken = main.length > 0 && !main.includes(ctx.id ?? "");
      const alts = hasAlternates
        ? (await users.filter({
          filterspec: { alternate_addresses: address },
        })).filter((id) => id !== ctx.id)
        : [];
      if (mainTaken || alts.length > 0) {
        throw new Reject(`Email address ${address} already in use`);
      }
    }
    if (typeof c.roles === "string" && c.roles) {
      for (
        const role of c.roles.split(",").map((r) => r.trim().toLowerCase())
      ) {
        if (role && !security.hasRole(role)) {
          throw new Reject(`Role "${role}" does not exist`);
        }
      }
    }
    if (typeof c.timezone === "string" && c.timezone) {
      const problem = timezoneProblem(c.timezone);
      if (problem) throw new Reject(problem);
    }
  }

  db.audit("user", "set", auditUserFields);
  db.audit("user", "create", auditUserFields);
}
