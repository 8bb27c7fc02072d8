import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { assertJson, Island, islandsScriptPath } from "./island.tsx";
import { ISLANDS_HASH } from "./_islands_bundle.ts";

Deno.test("Island renders the server markup inside a placeholder with JSON props", () => {
  const html = renderToString(
    <Island
      name="DateField"
      props={{ name: "deadline", id: "f-deadline", value: "-1d", base: "/t" }}
    />,
  );
  assert.match(
    html,
    /^<div class="island" data-island="DateField" data-props="/,
  );
  const props = /data-props="([^"]*)"/.exec(html)![1]!.replaceAll(
    "&quot;",
    '"',
  );
  assert.deepEqual(JSON.parse(props), {
    name: "deadline",
    id: "f-deadline",
    value: "-1d",
    base: "/t",
  });
  assert.match(
    html,
    /<input type="text" id="f-deadline" name="deadline" value="-1d"/,
  );
});

Deno.test("Island throws at render time on props that are not JSON", () => {
  for (
    const bad of [
      { when: new Date(0) },
      { f: () => 1 },
      { n: NaN },
      { deep: [{ m: new Map() }] },
      { big: 1n },
    ]
  ) {
    assert.throws(
      () => renderToString(<Island name="Shortcuts" props={bad} />),
      TypeError,
    );
  }
  assert.throws(
    () =>
      renderToString(<Island name="Shortcuts" props={{ d: new Date(0) }} />),
    /props\.d is a Date, not plain JSON \(pass dates as ISO strings\)/,
  );
});

Deno.test("Island refuses an unknown island name", () => {
  assert.throws(
    () => renderToString(<Island name="Nope" props={{}} />),
    /there is no such island/,
  );
});

Deno.test("assertJson() accepts nested plain data", () => {
  assertJson({ a: [1, "x", null, true, { b: [] }], c: undefined });
  assert.equal(
    islandsScriptPath("/demo"),
    `/demo/@@file/islands-${ISLANDS_HASH}.js`,
  );
});
