import assert from "node:assert/strict";
import {
  parseConfigIni,
  parseDetectorsConfigIni,
} from "../../tracker/config.ts";
import { detectorFlag } from "./_detector_config.ts";

function flag(text: string): boolean {
  return detectorFlag(
    { config: parseConfigIni(""), detectors: parseDetectorsConfigIni(text) },
    "statusauditor",
    "chatting_requires_two_users",
  );
}

Deno.test("detectorFlag() reads detectors/config.ini in configparser's dialect, as Roundup does", () => {
  // Each row checked against Roundup 2.x's UserConfig and BooleanOption.
  const rows: Array<[string, boolean]> = [
    ["[statusauditor]\nchatting_requires_two_users = yes\n", true],
    // configparser takes ":" as well as "=" and option names in any case.
    ["[statusauditor]\nchatting_requires_two_users: yes\n", true],
    ["[statusauditor]\nCHATTING_REQUIRES_TWO_USERS=On\n", true],
    ["[DEFAULT]\nchatting_requires_two_users = 1\n[statusauditor]\n", true],
    // ";" starts a comment only at the start of a line, so this value is not a boolean.
    ["[statusauditor]\nchatting_requires_two_users = yes ; no\n", false],
    ["[statusauditor]\n; chatting_requires_two_users = yes\n", false],
    ["[statusauditor]\n", false],
    ["", false],
  ];
  for (const [text, want] of rows) assert.equal(flag(text), want, text);
});

Deno.test("parseDetectorsConfigIni() names the file and line of a malformed detectors/config.ini", () => {
  assert.throws(
    () =>
      parseDetectorsConfigIni("[statusauditor]\njust words\n", {
        file: "/srv/t/detectors/config.ini",
      }),
    {
      name: "InvalidValueError",
      message:
        'Cannot parse "/srv/t/detectors/config.ini" at line 2: expected "name = value", got "just words"',
    },
  );
});
