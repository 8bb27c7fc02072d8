import assert from "node:assert/strict";
import { memoryDb } from "../tests/_helpers.ts";
import type { Db, FilterOptions } from "./mod.ts";

async function fixture(): Promise<Db> {
  const db = await memoryDb(Date.UTC(2003, 1, 1));
  for (const [i, name] of ["unread", "chatting", "resolved"].entries()) {
    await db.cls("status").create({ name, order: 3 - i });
  }
  for (const name of ["ui", "db", "mail"]) {
    await db.cls("keyword").create({ name });
  }
  for (const u of ["admin", "alice", "bob"]) {
    await db.cls("user").create({ username: u });
  }
  const rows: Array<
    [
      string,
      string | null,
      string[],
      number | null,
      number | null,
      boolean | null,
    ]
  > = [
    ["Login page broken", "1", ["1"], 3, Date.UTC(2003, 1, 10), true],
    [
      "Mail gateway drops LOGIN mails",
      "2",
      ["3"],
      1.5,
      Date.UTC(2003, 2, 5),
      false,
    ],
    ["Database slow", "3", ["1", "2"], null, Date.UTC(2004, 0, 1), null],
    ["Untriaged", null, [], 8, null, true],
  ];
  for (const [title, status, keyword, estimate, deadline, urgent] of rows) {
    await db.cls("issue").create({
      title,
      status,
      keyword,
      estimate,
      deadline,
      urgent,
      assignedto: status ? "2" : null,
    });
  }
  return db;
}

const CASES: Array<[string, FilterOptions, string[]]> = [
  ["no filter lists all in id order", {}, ["1", "2", "3", "4"]],
  [
    "String is a case-insensitive substring",
    { filterspec: { title: "login" } },
    ["1", "2"],
  ],
  ["every String value must match", {
    filterspec: { title: ["login", "mail"] },
  }, ["2"]],
  ["exact String match", { exact: { title: "Database slow" } }, ["3"]],
  [
    "exact String does not match a substring",
    { exact: { title: "Database" } },
    [],
  ],
  ["Link by id", { filterspec: { status: "2" } }, ["2"]],
  ["Link any of several ids", { filterspec: { status: ["1", "3"] } }, [
    "1",
    "3",
  ]],
  ["Link -1 matches empty", { filterspec: { status: "-1" } }, ["4"]],
  ["Multilink any", { filterspec: { keyword: ["2", "3"] } }, ["2", "3"]],
  ["Multilink -1 matches empty", { filterspec: { keyword: "-1" } }, ["4"]],
  ["Multilink all via AND expression", {
    filterspec: { keyword: ["1", "2", "-3"] },
  }, ["3"]],
  ["Multilink NOT expression", { filterspec: { keyword: ["1", "-2"] } }, [
    "2",
    "4",
  ]],
  ["Number exact", { filterspec: { estimate: 3 } }, ["1"]],
  ["Number range", { filterspec: { estimate: { from: 1, to: 3 } } }, [
    "1",
    "2",
  ]],
  ["Number open range", { filterspec: { estimate: { from: 2 } } }, ["1", "4"]],
  ["Date range", {
    filterspec: {
      deadline: { from: Date.UTC(2003, 0, 1), to: Date.UTC(2003, 11, 31) },
    },
  }, ["1", "2"]],
  ["Boolean", { filterspec: { urgent: true } }, ["1", "4"]],
  ["id list", { filterspec: { id: ["2", "4"] } }, ["2", "4"]],
  [
    "several props are and'ed",
    { filterspec: { title: "login", status: "1" } },
    ["1"],
  ],
  ["sort by Link uses the linked order property", { sort: [["+", "status"]] }, [
    "4",
    "3",
    "2",
    "1",
  ]],
  ["sort descending by number, nulls last", { sort: [["-", "estimate"]] }, [
    "4",
    "1",
    "2",
    "3",
  ]],
  ["sort by activity descending with limit walks the index", {
    sort: [["-", "activity"]],
    limit: 2,
  }, ["4", "3"]],
  ["offset and limit", { sort: [["+", "id"]], offset: 1, limit: 2 }, [
    "2",
    "3",
  ]],
  ["group then sort", { group: [["+", "urgent"]], sort: [["-", "id"]] }, [
    "3",
    "2",
    "4",
    "1",
  ]],
  ["filter plus indexed sort page", {
    filterspec: { status: ["1", "2", "3"] },
    sort: [["-", "activity"]],
    limit: 2,
  }, [
    "3",
    "2",
  ]],
];

Deno.test("filter() follows Roundup's filter semantics", async () => {
  const db = await fixture();
  try {
    for (const [what, opts, expected] of CASES) {
      assert.deepEqual(await db.cls("issue").filter(opts), expected, what);
    }
  } finally {
    db.close();
  }
});

Deno.test("filter() leaves retired items out unless asked", async () => {
  const db = await fixture();
  try {
    await db.cls("issue").retire("2");
    assert.deepEqual(await db.cls("issue").filter({}), ["1", "3", "4"]);
    assert.deepEqual(await db.cls("issue").filter({ retired: true }), ["2"]);
    assert.deepEqual(await db.cls("issue").filter({ retired: null }), [
      "1",
      "2",
      "3",
      "4",
    ]);
    assert.deepEqual(
      await db.cls("issue").filter({ sort: [["-", "activity"]], limit: 5 }),
      ["4", "3", "1"],
    );
  } finally {
    db.close();
  }
});

Deno.test("filter() rejects an unknown property by name", async () => {
  const db = await fixture();
  try {
    await assert.rejects(
      () => db.cls("issue").filter({ filterspec: { colour: "red" } }),
      /no property "colour"/,
    );
  } finally {
    db.close();
  }
});

Deno.test("search() finds issues by title or linked message words", async () => {
  const db = await fixture();
  try {
    const m = await db.cls("msg").create({
      content: "The connection pool is exhausted under load",
    });
    await db.cls("issue").set("3", { messages: [m] });
    const cases: Array<[string, string[]]> = [
      ["pool", ["3"]],
      ["POOL exhausted", ["3"]],
      ["pool login", []],
      ["login", ["1", "2"]],
      ["the", []],
    ];
    for (const [q, ids] of cases) {
      assert.deepEqual(await db.search(q, "issue"), ids, q);
    }
    await db.cls("issue").set("1", { title: "Front page broken" });
    assert.deepEqual(
      await db.search("login", "issue"),
      ["2"],
      "old title words are removed",
    );
  } finally {
    db.close();
  }
});

Deno.test("exact filters on indexed Strings use the index and still compare the whole value", async () => {
  const db = await memoryDb();
  try {
    const long = "x".repeat(300);
    const a = await db.cls("issue").create({ title: "Login Fails" });
    const b = await db.cls("issue").create({ title: long + "a" });
    await db.cls("issue").create({ title: long + "b" });
    await db.cls("issue").create({ title: "login fails twice" });
    assert.deepEqual(
      await db.cls("issue").filter({ exact: { title: "login fails" } }),
      [a],
    );
    assert.deepEqual(
      await db.cls("issue").filter({ exact: { title: long + "A" } }),
      [b],
    );
    await db.cls("issue").set(a, { title: "Renamed" });
    assert.deepEqual(
      await db.cls("issue").filter({ exact: { title: "login fails" } }),
      [],
    );
    assert.deepEqual(
      await db.cls("issue").filter({ exact: { title: "RENAMED" } }),
      [a],
    );
  } finally {
    db.close();
  }
});

Deno.test("sorted pages of FileClass items work without a date index", async () => {
  const db = await memoryDb();
  try {
    for (const text of ["a", "b", "c"]) {
      await db.cls("msg").create({ content: text });
    }
    assert.deepEqual(
      await db.cls("msg").filter({ sort: [["-", "activity"]], limit: 2 }),
      ["3", "2"],
    );
    assert.deepEqual(
      await db.cls("msg").filter({ sort: [["+", "creation"]], limit: 2 }),
      ["1", "2"],
    );
  } finally {
    db.close();
  }
});
