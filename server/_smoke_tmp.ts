import { TestClient, testTracker } from "./_test_tracker.ts";
const { app, close } = await testTracker();
const c = new TestClient(app);
await c.login("alice", "alice");
for (
  const p of [
    "/demo/user3",
    "/demo/user4",
    "/demo/user",
    "/demo/msg1",
    "/demo/keyword",
    "/demo/status1",
    "/demo/issue?@template=search",
  ]
) {
  const r = await c.get(p);
  const t = await r.text();
  console.log(
    p,
    r.status,
    (t.match(/<th><label[^>]*>[^<]*/g) ?? []).map((x) => x.replace(/.*>/, ""))
      .join(","),
    t.match(/error-message[^<]*<?[^<]*/)?.[0] ?? "",
  );
}
await close();
