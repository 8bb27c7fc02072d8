import assert from "node:assert/strict";
import { join } from "node:path";
import { UsageError } from "../cli.ts";
import { parseServerArgs, readServerIni, renderServerIni } from "./options.ts";

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
    ]);
    assert.equal(o.saveConfig, true);
    await Deno.writeTextFile(file, renderServerIni(o));
    const text = await Deno.readTextFile(file);
    assert.match(text, /^\[main\]$/m);
    assert.match(text, /^port = 9001$/m);
    assert.match(text, /^\[trackers\]\nsupport = \/srv\/support$/m);
    const back = await parseServerArgs(["-C", file, "-n", "127.0.0.1"]);
    assert.equal(back.port, 9001);
    assert.equal(back.host, "127.0.0.1");
    assert.deepEqual(back.trackers, [["support", "/srv/support"]]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readServerIni() reads sections and options and names a bad line", () => {
  const ini = readServerIni(
    "# c\n[main]\nPort = 80\nhost: 0.0.0.0\n\n[trackers]\nsupport = /srv/s\n",
    "x.ini",
  );
  assert.deepEqual({ ...ini.main }, { port: "80", host: "0.0.0.0" });
  assert.deepEqual({ ...ini.trackers }, { support: "/srv/s" });
  assert.throws(
    () => readServerIni("port = 1\n", "x.ini"),
    /Cannot read "x.ini" at line 1/,
  );
});
