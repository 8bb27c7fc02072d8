/** One access-log line per request: address, user, time, method, path, status, bytes, ms. */

const MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");

function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${
    MONTHS[d.getUTCMonth()]
  }/${d.getUTCFullYear()} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** What one request did. */
export interface AccessEntry {
  address: string;
  method: string;
  path: string;
  status: number;
  bytes: number;
  ms: number;
  start: number;
}

/** The log line, close to Roundup's (and Apache's) common log format. */
export function accessLine(e: AccessEntry): string {
  return `${e.address} - - [${
    stamp(e.start)
  }] "${e.method} ${e.path}" ${e.status} ${e.bytes} ${e.ms}ms`;
}

/**
 * Wraps a handler so that every answer is logged once its body has been sent (so the byte count
 * is what went out); `address` gives the client address of a request.
 */
export function withAccessLog(
  handler: (
    req: Request,
    info: Deno.ServeHandlerInfo<Deno.NetAddr>,
  ) => Promise<Response>,
  log: (line: string) => void,
  address: (req: Request, info: Deno.ServeHandlerInfo<Deno.NetAddr>) => string,
): (
  req: Request,
  info: Deno.ServeHandlerInfo<Deno.NetAddr>,
) => Promise<Response> {
  return async (req, info) => {
    const start = Date.now();
    const url = new URL(req.url);
    const res = await handler(req, info);
    const entry: AccessEntry = {
      address: address(req, info),
      method: req.method,
      path: url.pathname + url.search,
      status: res.status,
      bytes: 0,
      ms: 0,
      start,
    };
    const done = () => {
      entry.ms = Date.now() - start;
      log(accessLine(entry));
    };
    if (!res.body) {
      done();
      return res;
    }
    const count = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        entry.bytes += chunk.byteLength;
        ctl.enqueue(chunk);
      },
      flush: done,
    });
    return new Response(res.body.pipeThrough(count), res);
  };
}

/** The client's address; with -P the first X-Forwarded-For entry, marked with "+" as Roundup does. */
export function clientAddress(
  useForwarded: boolean,
): (req: Request, info: Deno.ServeHandlerInfo<Deno.NetAddr>) => string {
  return (req, info) => {
    const fwd = req.headers.get("x-forwarded-for");
    if (useForwarded && fwd) return `${fwd.split(",")[0]!.trim()}+`;
    return info.remoteAddr.hostname;
  };
}
