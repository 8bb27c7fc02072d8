/** Sample users, issues and messages for the demo tracker, written through the store API. */
import type { Db } from "../store/mod.ts";
import { hashPassword } from "../store/password.ts";

const PEOPLE = [
  ["alice", "Alice Example", "alice@example.com"],
  ["bob", "Bob Builder", "bob@example.com"],
  ["carol", "Carol Checker", "carol@example.com"],
] as const;

const ISSUES: Array<[string, string, string, string]> = [
  [
    "Login page rejects valid passwords",
    "bug",
    "unread",
    "Since this morning nobody can log in with a correct password.",
  ],
  [
    "Add CSV export to the issue list",
    "feature",
    "chatting",
    "It would help to export the current index as CSV.",
  ],
  ["Typo on the front page", "wish", "resolved", "The heading says 'Isssues'."],
  [
    "Search ignores words in messages",
    "urgent",
    "in-progress",
    "Searching for a word that only appears in a message finds nothing.",
  ],
  [
    "Crash when uploading a large file",
    "critical",
    "testing",
    "Uploading a 30 MB attachment ends with an error page.",
  ],
];

/** Adds demo users (password = username) and a handful of issues with messages. */
export async function loadSampleData(db: Db): Promise<void> {
  const users: string[] = [];
  for (const [username, realname, address] of PEOPLE) {
    const password = await hashPassword(username);
    users.push(
      await db.cls("user").create({
        username,
        realname,
        address,
        password,
        roles: "User",
      }),
    );
  }
  for (const [i, [title, priority, status, text]] of ISSUES.entries()) {
    const author = users[i % users.length]!;
    await db.transact(async (tx) => {
      const msg = await tx.create("msg", {
        content: text,
        author,
        date: db.core.now(),
      }, { actor: author });
      await tx.create("issue", {
        title,
        messages: [msg],
        nosy: [author],
        priority: await db.cls("priority").lookup(priority),
        status: await db.cls("status").lookup(status),
        assignedto: users[(i + 1) % users.length],
      }, { actor: author });
    });
  }
}
