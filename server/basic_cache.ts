/**
 * Remembers HTTP Basic credentials that were checked, so a script sending them with every request
 * does not pay a password hash (PBKDF2, ~1 s) each time. An entry is keyed by a SHA-256 of the
 * header (the password itself is not kept), lives a short while, and counts only while the user
 * is live and their stored password is the one it was checked against: a password change or a
 * retirement ends it at once.
 */

/** How long a checked Basic header is trusted without hashing the password again. */
export const BASIC_TTL_MS = 60_000;
/** Entries kept at most; the oldest go first. */
const MAX_ENTRIES = 1000;

interface Entry {
  userId: string;
  /** The user's stored password hash when the header was checked. */
  stored: string;
  expires: number;
}

/** Checked Basic headers of one tracker app. */
export class BasicCache {
  #entries = new Map<string, Entry>();
  #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  static async keyOf(header: string): Promise<string> {
    const digest = await crypto.subtle.digest(
      "SHA-256",
      new TextEncoder().encode(header),
    );
    return Array.from(
      new Uint8Array(digest),
      (b) => b.toString(16).padStart(2, "0"),
    )
      .join("");
  }

  /**
   * The user id the header was checked for, when that is recent and `current` (the user's
   * stored password hash now, null when the user is gone or retired) is still the same.
   */
  userFor(key: string, current: (userId: string) => Promise<string | null>) {
    const e = this.#entries.get(key);
    if (!e) return Promise.resolve(null);
    if (e.expires <= this.#now()) {
      this.#entries.delete(key);
      return Promise.resolve(null);
    }
    return current(e.userId).then((stored) => {
      if (stored !== null && stored === e.stored) return e.userId;
      this.#entries.delete(key);
      return null;
    });
  }

  /** Remembers a header that just passed the password check. */
  remember(key: string, userId: string, stored: string): void {
    this.#entries.delete(key);
    if (this.#entries.size >= MAX_ENTRIES) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    this.#entries.set(key, {
      userId,
      stored,
      expires: this.#now() + BASIC_TTL_MS,
    });
  }

  get size(): number {
    return this.#entries.size;
  }
}
