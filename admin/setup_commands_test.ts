/** install, initialise, genconfig, updateconfig, templates, security, migrate, pack, reindex, perftest. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { admin, makeTracker, NOW, setup } from "./fixture_test.ts";

const DAY = 86_400_000;

async function withTracker(fn: (home: string) => Promise<void>): Promise<void> {
  const { home, cleanup } = await makeTracker();
  try {
    await fn(home);
  } finally {
    await cleanup();
  }
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "admin_setup_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("install writes a tracker and names the options still to set", async () => {
  await withDir(async (dir) => {
    const home = join(dir, "t");
    let r = await admin(home, ["install"], { input: ["", ""] });
    assert.equal(r.code, 0, r.out);
    assert.match(
      r.out,
      /^Templates: classic, minimal\nSelect template \[classic\]: Back ends: kv\nSelect backend \[kv\]: \n/,
    );
    assert.match(
      r.out,
      /these options have no default and must be set:\n {3}\[tracker\]: web\n {3}\[mail\]: domain, host\n/,
    );
    assert.match(
      await Deno.readTextFile(join(home, "TEMPLATE-INFO.txt")),
      /^Name: classic/,
    );
    r = await admin(home, ["install", "minimal"], { input: ["n"] });
    assert.equal(
      r.out,
      `WARNING: "${home}" already holds a tracker!\nInstalling again deletes all its data.\nErase it? Y/N: `,
    );
    r = await admin(home, [
      "install",
      "minimal",
      "kv",
      "tracker_web=http://x/t/,mail_domain=x.org,mail_host=mx",
    ], {
      input: ["y"],
    });
    assert.equal(r.code, 0, r.out);
    assert.doesNotMatch(r.out, /must be set/);
    assert.match(
      await Deno.readTextFile(join(home, "TEMPLATE-INFO.txt")),
      /^Name: minimal/,
    );
    r = await admin(home, ["initialise", "pw"]);
    assert.equal(r.code, 0, r.out);
    assert.equal(
      (await admin(home, ["list", "user"])).out,
      "   1: admin\n   2: anonymous\n",
    );
  });
});

Deno.test("install and initialise refuse bad input with one clear line", async () => {
  await withDir(async (dir) => {
    const cases: Array<[string[], RegExp]> = [
      [
        ["install", "nosuch"],
        /Error: There is no template "nosuch": choose one of classic, minimal/,
      ],
      [
        ["install", "classic", "sqlite"],
        /Error: There is no back end "sqlite": choose one of kv/,
      ],
      [
        ["install", "classic", "kv", "bogus_option=1"],
        /Error: Unknown configuration option "bogus_option"/,
      ],
      [
        ["install", "classic", "kv", "novalue"],
        /Error: Cannot read the setting "novalue": expected name=value/,
      ],
    ];
    for (const [args, want] of cases) {
      const r = await admin(join(dir, "t"), args);
      assert.match(r.out, want, args.join(" "));
      assert.equal(r.code, 1);
    }
    let r = await admin(join(dir, "no", "such", "t"), ["install", "classic"]);
    assert.match(
      r.out,
      /Error: Cannot install into ".*": the directory ".*" does not exist/,
    );
    r = await admin(join(dir, "nothing"), ["initialise", "pw"]);
    assert.match(r.out, /Error: The tracker home ".*nothing" does not exist/);
    r = await admin(dir, ["initialise", "pw"]);
    assert.match(r.out, /Error: No tracker is installed in /);
    await admin(join(dir, "t"), ["install", "classic", "kv"]);
    r = await admin(join(dir, "t"), ["initialise"], {
      input: ["a", "b", "pw", "pw"],
    });
    const prompts = "Admin Password:        Confirm: ";
    assert.ok(
      r.out.startsWith(`${prompts}${prompts}\nError: Cannot initialise: set `),
      r.out,
    );
    assert.equal(r.code, 1);
  });
});

Deno.test("genconfig and updateconfig write config files", async () => {
  await withTracker(async (home) => {
    const file = join(home, "new.ini");
    let r = await admin(null, ["genconfig", file]);
    assert.equal(r.code, 0);
    const text = await Deno.readTextFile(file);
    assert.match(text, /^\[main\]$/m);
    assert.match(text, /^#web = NO DEFAULT$/m);
    r = await admin(home, ["updateconfig", file]);
    assert.equal(r.code, 0, r.out);
    assert.match(
      await Deno.readTextFile(file),
      /^web = http:\/\/localhost:8080\/test\/$/m,
    );
    r = await admin(null, ["genconfig"]);
    assert.match(r.out, /Error: Too few arguments: give the file to write/);
  });
});

Deno.test("templates lists the built-in templates", async () => {
  const r = await admin(null, ["templates"]);
  assert.match(
    r.out,
    /^\nName: classic\nPath: \(built in\)\nDesc: A general issue tracker/,
  );
  assert.match(r.out, /\nName: minimal\n/);
});

Deno.test("security lists roles and permissions and refuses an unknown role", async () => {
  await withTracker(async (home) => {
    let r = await admin(home, ["security"]);
    assert.equal(r.code, 0);
    assert.match(
      r.out,
      /^New Web users get the Role "User"\nNew Email users get the Role "User"\nRole "admin":\n/,
    );
    assert.match(r.out, /\n User may create everything \(Create\)\n/);
    r = await admin(home, ["security", "anonymous"]);
    assert.match(
      r.out,
      /^Role "anonymous":\n User may access the web interface \(Web Access\)\n/,
    );
    r = await admin(home, ["security", "nope"]);
    assert.deepEqual([r.code, r.out], [1, 'There is no role "nope"\n']);
  });
});

Deno.test("migrate reports the schema version and records a changed schema", async () => {
  await withTracker(async (home) => {
    let r = await admin(home, ["migrate"]);
    assert.equal(
      r.out,
      "No migration needed: the database is at schema version 1.\n",
    );
    const file = join(home, "schema.json");
    const spec = JSON.parse(await Deno.readTextFile(file));
    spec.classes.push({
      name: "extra",
      properties: { note: { type: "String" } },
    });
    await Deno.writeTextFile(file, JSON.stringify(spec));
    r = await admin(home, ["migrate"]);
    assert.equal(
      r.out,
      "Item counts rebuilt for the changed schema.\nTracker updated to schema version 2.\n",
    );
    r = await admin(home, ["migrate"]);
    assert.equal(
      r.out,
      "No migration needed: the database is at schema version 2.\n",
    );
  });
});

Deno.test("migrate brings a format-2 store to format 3 with its counts", async () => {
  await withTracker(async (home) => {
    await setup(
      home,
      ["create", "issue", "title=one", "status=1"],
      ["create", "issue", "title=two"],
    );
    // As format 2 left it: the format, and no count keys.
    const kv = await Deno.openKv(join(home, "db", "data.kv"));
    try {
      for await (const e of kv.list({ prefix: ["count"] })) {
        await kv.delete(e.key);
      }
      await kv.set(["meta", "format"], new TextEncoder().encode("2"));
    } finally {
      kv.close();
    }
    let r = await admin(home, ["create", "issue", "title=three"]);
    assert.match(r.out, /run "roundup admin migrate" first/);
    r = await admin(home, ["migrate"]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /^Store format updated from 2 to 3\.\n/);
    const again = await Deno.openKv(join(home, "db", "data.kv"));
    try {
      const live = await again.get<Deno.KvU64>(["count", "issue"]);
      assert.equal(live.value?.value, 2n);
      const unset = await again.get<Deno.KvU64>([
        "count",
        "issue",
        "assignedto",
        -1,
      ]);
      assert.equal(unset.value?.value, 2n);
    } finally {
      again.close();
    }
  });
});

Deno.test("pack and reindex check their arguments", async () => {
  await withTracker(async (home) => {
    let r = await admin(home, ["pack"]);
    assert.match(r.out, /Error: Give exactly one argument/);
    r = await admin(home, ["pack", "soon"]);
    assert.match(
      r.out,
      /Error: Cannot pack before "soon": expected a period like 3y/,
    );
    r = await admin(home, ["reindex", "nosuch"]);
    assert.match(r.out, /Error: There is no class "nosuch"/);
    r = await admin(home, ["reindex", "issue99"]);
    assert.match(r.out, /Error: There is no item "issue99"/);
    for (
      const args of [["pack", "2001-01-01"], [
        "reindex",
        "status1",
        "user:1-3",
        "issue",
      ], ["reindex"]]
    ) {
      r = await admin(home, args);
      assert.deepEqual([r.code, r.out], [0, ""], args.join(" "));
    }
  });
});

Deno.test("pack removes journal entries older than a period, keeping creation entries", async () => {
  await withTracker(async (home) => {
    await setup(home, ["create", "thing", "name=a"]);
    assert.equal(
      (await admin(home, ["set", "thing1", "cnt=1"], { now: NOW + 60_000 }))
        .code,
      0,
    );
    assert.equal(
      (await admin(home, ["set", "thing1", "cnt=2"], { now: NOW + 9 * DAY }))
        .code,
      0,
    );
    const r = await admin(home, ["pack", "2w 3d"], { now: NOW + 20 * DAY });
    assert.deepEqual([r.code, r.out], [0, ""]);
    assert.equal(
      (await admin(home, ["history", "thing1"])).out,
      "admin(2003-03-08.22:07:48) create thing\nadmin(2003-03-17.22:07:48) set cnt was 1\n",
    );
  });
});

Deno.test("pack refuses a period that reaches before the year 1 and removes nothing", async () => {
  await withTracker(async (home) => {
    await setup(home, ["create", "thing", "name=a"]);
    await setup(home, ["set", "thing1", "cnt=1"]);
    const before = (await admin(home, ["history", "thing1"])).out;
    for (const period of ["999999999y", "9999999999w", "1y 999999999999m"]) {
      const r = await admin(home, ["pack", period], { now: NOW + 20 * DAY });
      assert.equal(r.code, 1, period);
      assert.match(
        r.out,
        new RegExp(
          `Error: Cannot pack before "${period}": that period reaches back before the year 1`,
        ),
      );
      assert.doesNotMatch(r.out, /NaN/);
    }
    assert.equal((await admin(home, ["history", "thing1"])).out, before);
  });
});

Deno.test("perftest times password hashing", async () => {
  await withTracker(async (home) => {
    let r = await admin(home, ["perftest", "rounds=1,000"]);
    assert.match(
      r.out,
      /^Hash time: \d+\.\d{9} seconds, scheme: PBKDF2S5, rounds: 1000\n$/,
    );
    r = await admin(home, ["perftest", "password", "scheme=SHA"]);
    assert.match(r.out, /scheme: SHA, rounds: the scheme has no rounds\.\n$/);
    r = await admin(home, ["perftest", "scheme="]);
    assert.match(
      r.out,
      /^Known schemes \(the default first, names are case-sensitive\):\n {3}PBKDF2S5, /,
    );
    r = await admin(home, ["perftest", "rounds=10"]);
    assert.equal(r.out, "The rounds must be at least 1000.\n");
  });
});
