import assert from "node:assert/strict";
import { accessLine, clientAddress, withAccessLog } from "./access_log.ts";

const INFO = {
  remoteAddr: { transport: "tcp", hostname: "10.0.0.9", port: 5 },
  completed: Promise.resolve(),
} as unknown as Deno.ServeHandlerInfo<Deno.NetAddr>;

Deno.test("accessLine() names address, time, method, path, status, bytes and ms", () => {
  assert.equal(
    accessLine({
      address: "127.0.0.1",
      method: "GET",
      path: "/demo/issue?@sort=id",
      status: 200,
      bytes: 512,
      ms: 7,
      start: Date.UTC(2026, 11, 4, 22, 37, 25),
    }),
    '127.0.0.1 - - [04/Dec/2026 22:37:25] "GET /demo/issue?@sort=id" 200 512 7ms',
  );
});

Deno.test("withAccessLog() logs once the body is sent, with the bytes that went out", async () => {
  const lines: string[] = [];
  const h = withAccessLog(
    () => Promise.resolve(new Response("héllo", { status: 201 })),
    (l) => lines.push(l),
    (req, info) =>
      req.headers.get("x-forwarded-for") ? "proxy+" : info.remoteAddr.hostname,
  );
  const res = await h(new Request("http://x/a?b=1", { method: "POST" }), INFO);
  assert.equal(lines.length, 0, "nothing before the body is read");
  assert.equal(await res.text(), "héllo");
  assert.equal(res.status, 201);
  assert.match(
    lines[0]!,
    /^10\.0\.0\.9 - - \[.*\] "POST \/a\?b=1" 201 6 \d+ms$/,
  );
  await (await h(
    new Request("http://x/", { headers: { "x-forwarded-for": "1.2.3.4" } }),
    INFO,
  )).text();
  assert.match(lines[1]!, /^proxy\+ /);
});

Deno.test("clientAddress() takes X-Forwarded-For only with -P", () => {
  const req = new Request("http://x/", {
    headers: { "x-forwarded-for": "1.2.3.4, 10.0.0.1" },
  });
  assert.equal(clientAddress(true)(req, INFO), "1.2.3.4+");
  assert.equal(clientAddress(false)(req, INFO), "10.0.0.9");
  assert.equal(clientAddress(true)(new Request("http://x/"), INFO), "10.0.0.9");
});
