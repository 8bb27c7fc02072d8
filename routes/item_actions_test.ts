import assert from "node:assert/strict";
import { TestClient, testTracker } from "../server/_test_tracker.ts";

async function loggedIn(name = "alice") {
  const tt = await testTracker();
  const c = new TestClient(tt.app);
  await c.login(name, name);
  return { ...tt, c };
}

Deno.test("newAction() creates an issue with a message and an uploaded file in one go, then redirects", async () => {
  const { t, c, close } = await loggedIn();
  try {
    const token = await c.csrf("/demo/issue?@template=item");
    const res = await c.post("/demo/issue", {
      "@action": "new",
      "@csrf": token,
      "@required": "title,priority",
      title: "Printer on fire",
      priority: "urgent",
      status: "unread",
      nosy: "alice,bob",
      "@note": "Smoke everywhere, see issue1 and https://example.com/x",
      "@file": new File(["hello file"], "notes.txt", { type: "text/plain" }),
    });
    assert.equal(res.status, 302);
    const loc = res.headers.get("location") ?? "";
    assert.match(
      loc,
      /^\/demo\/issue6\?%40ok_message=file\+1\+created%0Amsg\+6\+created%0Aissue\+6\+created$/,
    );
    const issue = await t.db.cls("issue").getItem("6");
    assert.equal(issue.title, "Printer on fire");
    assert.deepEqual(issue.nosy, ["3", "4"]);
    assert.deepEqual(issue.files, ["1"]);
    assert.equal(issue.creator, "3");
    const page = await (await c.get("/demo/issue6")).text();
    assert.match(page, /<a href="\/demo\/issue1">issue1<\/a>/);
    assert.match(
      page,
      /<a href="https:\/\/example.com\/x" rel="nofollow noopener">/,
    );
    const file = await c.get("/demo/file1/notes.txt");
    assert.equal(await file.text(), "hello file");
    assert.match(file.headers.get("content-type") ?? "", /text\/plain/);
  } finally {
    await close();
  }
});

Deno.test("newAction() shows the form again (200) with the input kept when a value is bad; nothing is written", async () => {
  const { t, c, close } = await loggedIn();
  try {
    const token = await c.csrf("/demo/issue?@template=item");
    const res = await c.post("/demo/issue", {
      "@action": "new",
      "@csrf": token,
      title: "Keep <this> title",
      priority: "no-such-priority",
    });
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /class="error-message"[^>]*>[^<]*no-such-priority/);
    assert.match(html, /value="Keep &lt;this> title"/);
    assert.deepEqual(await t.db.cls("issue").list(), ["1", "2", "3", "4", "5"]);
  } finally {
    await close();
  }
});

Deno.test("newAction() refuses unknown fields, missing @required values and a reused @csrf", async () => {
  const { t, c, close } = await loggedIn();
  try {
    let token = await c.csrf("/demo/issue?@template=item");
    const unknown = await c.post("/demo/issue", {
      "@action": "new",
      "@csrf": token,
      title: "x",
      colour: "red",
    });
    assert.equal(unknown.status, 200);
    assert.match(
      await unknown.text(),
      /form field &quot;colour&quot;: class &quot;issue&quot; has no property/,
    );
    token = await c.csrf("/demo/issue?@template=item");
    const req = await c.post("/demo/issue", {
      "@action": "new",
      "@csrf": token,
      "@required": "title,priority",
      title: "x",
    });
    assert.match(
      await req.text(),
      /Required issue property priority not supplied/,
    );
    token = await c.csrf("/demo/issue?@template=item");
    const fields = {
      "@action": "new",
      "@csrf": token,
      title: "once",
      priority: "bug",
    };
    assert.equal((await c.post("/demo/issue", fields)).status, 302);
    const again = await c.post("/demo/issue", fields);
    assert.equal(again.status, 200);
    assert.match(await again.text(), /csrf failure/);
    assert.equal((await t.db.cls("issue").list()).length, 6);
  } finally {
    await close();
  }
});

Deno.test("editAction() changes the status and adds a note as the user", async () => {
  const { t, c, close } = await loggedIn("bob");
  try {
    const page = await (await c.get("/demo/issue1")).text();
    const token = /name="@csrf" value="([^"]+)"/.exec(page)![1]!;
    const last = /name="@lastactivity" value="([^"]+)"/.exec(page)![1]!;
    const res = await c.post("/demo/issue1", {
      "@action": "edit",
      "@csrf": token,
      "@lastactivity": last,
      status: "in-progress",
      title: "Login page rejects valid passwords",
      "@note": "Looking into it",
    });
    assert.equal(res.status, 302);
    const ok = new URL(res.headers.get("location")!, "http://x").searchParams
      .get("@ok_message");
    assert.match(
      ok ?? "",
      /^msg 6 created\nissue 1 status, messages edited ok$/,
    );
    const issue = await t.db.cls("issue").getItem("1");
    assert.equal(issue.status, await t.db.cls("status").lookup("in-progress"));
    assert.equal((issue.messages as string[]).length, 2);
    assert.equal(issue.actor, "4");
  } finally {
    await close();
  }
});

Deno.test("editAction() detects a collision on the same property and writes nothing; disjoint edits merge", async () => {
  const { t, c, app, close } = await loggedIn("bob");
  try {
    const other = new TestClient(app);
    await other.login("carol", "carol");
    const mine = await (await c.get("/demo/issue2")).text();
    const theirs = await (await other.get("/demo/issue2")).text();
    const form = (html: string) => ({
      "@csrf": /name="@csrf" value="([^"]+)"/.exec(html)![1]!,
      "@lastactivity": /name="@lastactivity" value="([^"]+)"/.exec(html)![1]!,
      "@action": "edit",
    });
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(
      (await other.post("/demo/issue2", { ...form(theirs), status: "testing" }))
        .status,
      302,
    );
    const clash = await c.post("/demo/issue2", {
      ...form(mine),
      status: "deferred",
    });
    assert.equal(clash.status, 200);
    const html = await clash.text();
    assert.match(html, /Edit collision: status/);
    assert.match(html, /<td>deferred<\/td><td class="theirs">testing<\/td>/);
    assert.equal(
      await t.db.cls("issue").get("2", "status"),
      await t.db.cls("status").lookup("testing"),
    );
    // The collision page carries the current activity: sending it again overwrites.
    const retry = await c.post("/demo/issue2", {
      ...form(html),
      status: "deferred",
    });
    assert.equal(retry.status, 302);
    assert.equal(
      await t.db.cls("issue").get("2", "status"),
      await t.db.cls("status").lookup("deferred"),
    );
    const again = await (await c.get("/demo/issue2")).text();
    const merged = await c.post("/demo/issue2", {
      ...form(mine),
      "@csrf": form(again)["@csrf"],
      title: "CSV export, please",
    });
    assert.equal(merged.status, 302);
    assert.equal(
      await t.db.cls("issue").get("2", "title"),
      "CSV export, please",
    );
  } finally {
    await close();
  }
});

Deno.test("downloadFile() sends uploaded HTML as an attachment and a message's raw text at /msgN/", async () => {
  const { c, close } = await loggedIn();
  try {
    const token = await c.csrf("/demo/issue?@template=item");
    await c.post("/demo/issue", {
      "@action": "new",
      "@csrf": token,
      title: "html upload",
      "@file": new File(["<script>alert(1)</script>"], "x.html", {
        type: "text/html",
      }),
    });
    const f = await c.get("/demo/file1/x.html");
    assert.match(f.headers.get("content-disposition") ?? "", /^attachment/);
    assert.match(f.headers.get("content-security-policy") ?? "", /sandbox/);
    const msg = await c.get("/demo/msg1/");
    assert.equal(msg.status, 200);
    assert.equal(
      await msg.text(),
      "Since this morning nobody can log in with a correct password.",
    );
  } finally {
    await close();
  }
});

Deno.test("retireAction() needs the Retire permission: 403 for a user, done for the admin", async () => {
  const { t, app, c, close } = await loggedIn("alice");
  try {
    const token = await c.csrf("/demo/issue3");
    const denied = await c.post("/demo/issue3", {
      "@action": "retire",
      "@csrf": token,
    });
    assert.equal(denied.status, 403);
    const admin = new TestClient(app);
    await admin.login("admin", "admin");
    const ok = await admin.post("/demo/issue3", {
      "@action": "retire",
      "@csrf": await admin.csrf("/demo/issue3"),
    });
    assert.equal(ok.status, 302);
    assert.equal(await t.db.cls("issue").isRetired("3"), true);
  } finally {
    await close();
  }
});
