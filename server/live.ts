/**
 * Live updates: one `ChangeHub` per tracker polls the store's change counter (every store commit
 * bumps it, in any process: web, mail gateway, admin, REST) and tells its subscribers when it
 * moved; `/@@live` streams that to browsers as server-sent events. One poll serves every
 * subscriber, and it runs only while somebody listens.
 */
import { changeCount } from "../store/mod.ts";

/** How often the change counter is read while somebody listens. */
export const POLL_MS = 300;
/** A comment line this often keeps idle connections (and proxies) open. */
const PING_MS = 25_000;

interface Subscriber {
  change(count: string): void;
  close(): void;
}

const HUBS = new Set<ChangeHub>();

/** Watches one KV database's change counter for its subscribers. */
export class ChangeHub {
  #kv: Deno.Kv;
  #subs = new Set<Subscriber>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #last = "";
  #polling = false;
  #pollMs: number;

  constructor(kv: Deno.Kv, opts: { pollMs?: number } = {}) {
    this.#kv = kv;
    this.#pollMs = opts.pollMs ?? POLL_MS;
    HUBS.add(this);
  }

  /** Subscribers now. */
  get size(): number {
    return this.#subs.size;
  }

  /** The change count last seen ("" before the first poll). */
  get last(): string {
    return this.#last;
  }

  /** Adds a subscriber; returns the function that removes it. */
  subscribe(s: Subscriber): () => void {
    this.#subs.add(s);
    if (!this.#timer) {
      this.#timer = setInterval(() => void this.#poll(), this.#pollMs);
      void this.#poll();
    }
    return () => this.#drop(s);
  }

  /** Ends every subscription (server stopping). */
  close(): void {
    for (const s of [...this.#subs]) {
      this.#drop(s);
      s.close();
    }
    HUBS.delete(this);
  }

  #drop(s: Subscriber): void {
    this.#subs.delete(s);
    if (this.#subs.size === 0 && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  async #poll(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      const now = String(await changeCount(this.#kv));
      if (this.#last && now !== this.#last) {
        for (const s of this.#subs) s.change(now);
      }
      this.#last = now;
    } catch {
      // A closed or busy database: try again at the next tick (close() stops the ticks).
    } finally {
      this.#polling = false;
    }
  }
}

/** Ends every live stream of this process, so a graceful stop does not wait for them. */
export function closeLiveStreams(): void {
  for (const h of [...HUBS]) h.close();
}

/**
 * A server-sent events answer: "change" events from `hub` until the client goes away (the body
 * is then cancelled; the request's abort signal is no use here, as Deno fires it as soon as the
 * response starts).
 */
export function liveResponse(hub: ChangeHub): Response {
  const enc = new TextEncoder();
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(ctrl) {
      let open = true;
      const send = (s: string) => {
        if (!open) return;
        try {
          ctrl.enqueue(enc.encode(s));
        } catch {
          cleanup();
        }
      };
      const ping = setInterval(() => send(": ping\n\n"), PING_MS);
      const unsubscribe = hub.subscribe({
        change: (n) => send(`event: change\ndata: ${n}\n\n`),
        close: () => cleanup(),
      });
      cleanup = () => {
        if (!open) return;
        open = false;
        clearInterval(ping);
        unsubscribe();
        try {
          ctrl.close();
        } catch {
          // already closed by the client
        }
      };
      send(`retry: 2000\nevent: hello\ndata: ${hub.last}\n\n`);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache",
      "X-Accel-Buffering": "no",
    },
  });
}
