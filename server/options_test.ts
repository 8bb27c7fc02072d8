import assert from "node:assert/strict";
import { join } from "node:path";
import { UsageError } from "../cli.ts";
import { parseServerArgs, renderServerIni, servingThreads } from "./options.ts";

Deno.test("parseServerArgs() takes roundup-server's flags, --name=value and name=home", async () => {
  const o = await parseServerArgs([
    "-p",
    "8917",
    "-n",
    "0.0.0.0",
    "-P",
    "-I",
    "REMOTE_USER",
    "--logfile=/tmp/x.log",
    "a=/srv/a",
    "b=/srv/b",
  ]);
  assert.equal(o.port, 8917);
  assert.equal(o.host, "0.0.0.0");
  assert.equal(o.logProxyHeader, true);
  assert.deepEqual(o.includeHeaders, ["REMOTE_USER"]);
  assert.equal(o.logfile, "/tmp/x.log");
  assert.deepEqual(o.trackers, [["a", "/srv/a"], ["b", "/srv/b"]]);
  const compat = await parseServerArgs([
    "-t",
    "fork",
    "-m",
    "10",
    "-N",
    "-L",
    "-V",
    "HTTP/1.1",
    "x=/h",
  ]);
  assert.deepEqual(compat.trackers, [["x", "/h"]]);
  const d = await parseServerArgs([]);
  assert.equal(d.port, 8080);
  assert.equal(d.host, "localhost");
});

Deno.test("parseServerArgs() refuses a bad port, an unknown flag, -d without -l and a bare word", async () => {
  await assert.rejects(parseServerArgs(["-p", "99999999"]), UsageError);
  await assert.rejects(parseServerArgs(["-x"]), /Unknown option '-x'/);
  await assert.rejects(
    parseServerArgs(["-d", "/tmp/pid", "t=/x"]),
    /without a log file/,
  );
  await assert.rejects(
    parseServerArgs(["tracker"]),
    /not of the form name=tracker_home/,
  );
  await assert.rejects(parseServerArgs(["a b=/x"]), /Cannot use tracker name/);
});

Deno.test("renderServerIni() writes a file that parseServerArgs() reads back with -C", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "server.ini");
    const o = await parseServerArgs([
      "-S",
      "-C",
      file,
      "-p",
      "9001",
      "support=/srv/support",
      "pct=/srv/50%",
    ]);
    assert.equal(o.saveConfig, true);
    await Deno.writeTextFile(file, renderServerIni(o));
    const text = await Deno.readTextFile(file);
    assert.match(text, /^\[main\]$/m);
    assert.match(text, /^port = 9001$/m);
    assert.match(
      text,
      /^\[trackers\]\nsupport = \/srv\/support\npct = \/srv\/50%%$/m,
    );
    const back = await parseServerArgs(["-C", file, "-n", "127.0.0.1"]);
    assert.equal(back.port, 9001);
    assert.equal(back.host, "127.0.0.1");
    assert.deepEqual(back.trackers, [["support", "/srv/support"], [
      "pct",
      "/srv/50%",
    ]]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseServerArgs() reads -C in config.ini's dialect and names a bad line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "server.ini");
    await Deno.writeTextFile(
      file,
      "# c\n[main]\nPort = 8917\nhost: 0.0.0.0\n\n[trackers]\n" +
        "support = /srv/100%%\nSales = %(support)s-sales\n",
    );
    const o = await parseServerArgs(["-C", file]);
    assert.equal(o.port, 8917);
    assert.equal(o.host, "0.0.0.0");
    // configparser lower-cases option names, so tracker names too, as roundup-server has them.
    assert.deepEqual(o.trackers, [["support", "/srv/100%"], [
      "sales",
      "/srv/100%-sales",
    ]]);
    await Deno.writeTextFile(file, "port = 1\n");
    await assert.rejects(
      parseServerArgs(["-C", file]),
      (e: Error) =>
        e instanceof UsageError &&
        /Cannot parse ".*server.ini" at line 1: expected a \[section\]/.test(
          e.message,
        ),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseServerArgs() reads -t and -m; servingThreads() gives one thread per CPU for fork and thread", async () => {
  const fork = await parseServerArgs(["t=/srv/t"]);
  assert.equal(fork.multiprocess, "fork");
  assert.equal(servingThreads(fork, 2), 2);
  assert.equal(servingThreads(await parseServerArgs(["-t", "thread"]), 8), 8);
  assert.equal(servingThreads(await parseServerArgs(["-t", "none"]), 8), 1);
  assert.equal(servingThreads(await parseServerArgs(["-t", "debug"]), 8), 1);
  assert.equal(servingThreads(await parseServerArgs(["-m", "3"]), 8), 3);
  await assert.rejects(
    parseServerArgs(["-t", "spawn"]),
    /Cannot use multiprocess mode "spawn" \(-t\): give fork, thread, none, debug/,
  );
  await assert.rejects(parseServerArgs(["-m", "0"]), /max_children "0" \(-m\)/);
});
