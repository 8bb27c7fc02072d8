/** The admin's timezone (the -u user's, else admin's) for dates typed in and printed by every command. */
import assert from "node:assert/strict";
import { admin, makeTracker, NOW, setup } from "./fixture_test.ts";

Deno.test("every command reads and prints dates in the -u user's timezone, else admin's", async () => {
  const { home, cleanup } = await makeTracker();
  try {
    await setup(
      home,
      ["set", "user1", "timezone=5"],
      ["create", "user", "username=fred", "roles=Admin", "timezone=-3"],
      ["create", "thing", "name=a", "when=2003-01-01.10:00"],
    );
    const asFred = (args: string[]) => admin(home, ["-u", "fred", ...args]);
    // Typed in as admin's 10:00 (UTC+5), it is 05:00 UTC and 02:00 for fred (UTC-3).
    assert.equal(
      (await admin(home, ["get", "when", "thing1"])).out,
      "2003-01-01.10:00:00\n",
    );
    assert.equal(
      (await asFred(["get", "when", "thing1"])).out,
      "2003-01-01.02:00:00\n",
    );
    assert.equal(
      (await asFred(["list", "thing", "when"])).out,
      "   1: 2003-01-01.02:00:00\n",
    );
    assert.match(
      (await asFred(["table", "thing", "name,when"])).out,
      /\na {4}2003-01-01\.02:00:00\n$/,
    );
    assert.match(
      (await asFred(["display", "thing1"])).out,
      /\nwhen: 2003-01-01\.02:00:00\n/,
    );
    // Fred's 02:00 and admin's 10:00 name the same moment in filter and set.
    assert.equal(
      (await asFred(["filter", "thing", "when=2003-01-01.02:00"])).out,
      "['1']\n",
    );
    assert.equal(
      (await admin(home, ["filter", "thing", "when=2003-01-01.02:00"])).out,
      "[]\n",
    );
    await setup(home, ["-u", "fred", "set", "thing1", "when=2003-01-01.12:00"]);
    assert.equal(
      (await admin(home, ["get", "when", "thing1"])).out,
      "2003-01-01.20:00:00\n",
    );
    // Interval arithmetic on a typed date, with a sign inside the interval; like Roundup's
    // "2003-01-01 - 1m 1d" it works on the UTC fields (2002-11-30.19:00 UTC).
    await setup(home, ["set", "thing1", "when=2003-01-01 + -1m 1d"]);
    assert.equal(
      (await admin(home, ["get", "when", "thing1"])).out,
      "2002-12-01.00:00:00\n",
    );
    // history prints its dates in the same timezone.
    const created = new Date(NOW + 5 * 3600_000).toISOString();
    const shown = created.slice(0, 10) + "." + created.slice(11, 19);
    assert.match(
      (await admin(home, ["history", "thing1"])).out,
      new RegExp(`^admin\\(${shown.replaceAll(".", "\\.")}\\) create thing\\n`),
    );
  } finally {
    await cleanup();
  }
});
