import assert from "node:assert/strict";
import {
  addInterval,
  readIntervalSpec,
  serialisedInterval,
  ZERO_INTERVAL,
} from "./calendar.ts";

Deno.test("date.ts and interval.ts do not import each other's modules in a cycle", async () => {
  const date = await Deno.readTextFile(new URL("./date.ts", import.meta.url));
  const interval = await Deno.readTextFile(
    new URL("./interval.ts", import.meta.url),
  );
  const calendar = await Deno.readTextFile(
    new URL("./calendar.ts", import.meta.url),
  );
  assert.doesNotMatch(date, /from "\.\/interval\.ts"/);
  assert.match(interval, /from "\.\/date\.ts"/);
  assert.doesNotMatch(calendar, /from "\.\/(date|interval)\.ts"/);
});

Deno.test("readIntervalSpec() gives the fields and the date an interval runs to", () => {
  assert.deepEqual(readIntervalSpec("- 2m 1d"), {
    iv: { ...ZERO_INTERVAL, sign: -1, months: 2, days: 1 },
  });
  assert.deepEqual(readIntervalSpec("3 weeks")?.iv.days, 21);
  assert.deepEqual(readIntervalSpec("-4d 2003-03-18")?.date, "2003-03-18");
  assert.equal(readIntervalSpec("2m -1d"), undefined);
  assert.equal(readIntervalSpec(""), undefined);
});

Deno.test("serialisedInterval() reads two digits of days unless told to take more", () => {
  assert.deepEqual(serialisedInterval("-00000001025000"), {
    ...ZERO_INTERVAL,
    sign: -1,
    days: 1,
    hours: 2,
    minutes: 50,
  });
  assert.equal(serialisedInterval("+000000100000000"), undefined);
  assert.equal(serialisedInterval("+000000100000000", true)?.days, 100);
});

Deno.test("addInterval() carries months into years and days after the month", () => {
  const at = Date.UTC(2003, 0, 31);
  const month = { ...ZERO_INTERVAL, months: 1 };
  assert.equal(addInterval(at, month), Date.UTC(2003, 2, 3));
  assert.equal(
    addInterval(at, { ...month, sign: -1, months: 13 }),
    Date.UTC(2001, 11, 31),
  );
});
