/**
 * PATH.lock, the dotlock mail programs agree on, with the takeover of locks whose holder is gone (killed runs).
 */

/** A lock file whose holder cannot be asked is stale after this long, as liblockfile judges. */
export const STALE_LOCK_MS = 5 * 60_000;
/** A holder refreshes its lock file this often, so a long run is never judged stale. */
const TOUCH_LOCK_MS = 60_000;

/** A held dotlock: `touch()` keeps it fresh during a long run, `release()` removes it. */
export interface DotLock {
  touch(): Promise<void>;
  release(): Promise<void>;
}

/**
 * Creates PATH.lock like mail delivery agents do, waiting up to `waitMs` for another holder. A lock left by a
 * process that no longer runs (its pid is in the file), or one older than STALE_LOCK_MS whose holder cannot be
 * asked, is taken over at once. A directory we may not write to gets no dotlock (as Python's mailbox module
 * does); the flock still applies.
 */
export async function dotlock(path: string, waitMs: number): Promise<DotLock> {
  const lockPath = `${path}.lock`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await Deno.writeTextFile(lockPath, `${Deno.pid}\n`, { createNew: true });
      let touched = Date.now();
      return {
        async touch() {
          if (Date.now() - touched < TOUCH_LOCK_MS) return;
          touched = Date.now();
          await Deno.utime(lockPath, new Date(), new Date()).catch(() => {});
        },
        release: () => Deno.remove(lockPath).catch(() => {}),
      };
    } catch (err) {
      if (
        err instanceof Deno.errors.PermissionDenied ||
        (err as { code?: string }).code === "EROFS"
      ) {
        return {
          touch: () => Promise.resolve(),
          release: () => Promise.resolve(),
        };
      }
      if (!(err instanceof Deno.errors.AlreadyExists)) {
        throw new Error(
          `Cannot lock mailbox "${path}": ${(err as Error).message}`,
          { cause: err },
        );
      }
    }
    const stale = await staleLock(lockPath);
    if (stale) {
      // Another taker may have replaced it meanwhile: remove only the file judged stale.
      const again = await lockInfo(lockPath);
      if (again && again.text === stale.text && again.mtime === stale.mtime) {
        await Deno.remove(lockPath).catch(() => {});
      }
      continue;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `Cannot lock mailbox "${path}": the lock file "${lockPath}" is held by another program ` +
          `(remove it if no program is working on the mailbox)`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function lockInfo(
  lockPath: string,
): Promise<{ text: string; mtime: number } | null> {
  try {
    const info = await Deno.stat(lockPath);
    const text = await Deno.readTextFile(lockPath);
    return { text, mtime: info.mtime?.getTime() ?? Date.now() };
  } catch {
    return null;
  }
}

/** The lock file's content and time when its holder is gone, else null. */
async function staleLock(lockPath: string) {
  const info = await lockInfo(lockPath);
  if (!info) return null;
  const pid = /^\s*(\d+)\s*$/.exec(info.text)?.[1];
  const alive = pid ? await processAlive(Number(pid)) : undefined;
  if (alive === false) return info;
  if (alive === undefined && Date.now() - info.mtime > STALE_LOCK_MS) {
    return info;
  }
  return null;
}

/** Whether process `pid` runs (a zombie does not), or undefined where /proc cannot tell. */
export async function processAlive(pid: number): Promise<boolean | undefined> {
  if (pid === Deno.pid) return true;
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    const state = stat.slice(
      stat.lastIndexOf(")") + 2,
      stat.lastIndexOf(")") + 3,
    );
    return state !== "Z" && state !== "X";
  } catch {
    return (await Deno.stat("/proc/self/stat").then(() => true, () => false))
      ? false
      : undefined;
  }
}
