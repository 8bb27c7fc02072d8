/** The classic template's initial data: priorities, statuses and the admin and anonymous users. */
import type { InitialItem } from "../initial_item.ts";

const PRIORITIES = ["critical", "urgent", "bug", "feature", "wish"];
const STATUSES = [
  "unread",
  "deferred",
  "chatting",
  "need-eg",
  "in-progress",
  "testing",
  "done-cbb",
  "resolved",
];

/** Items `initialise` creates in a classic tracker, in creation order. */
export const initialData: InitialItem[] = [
  ...PRIORITIES.map((name, i) => ({
    class: "priority",
    values: { name, order: i + 1 },
  })),
  ...STATUSES.map((name, i) => ({
    class: "status",
    values: { name, order: i + 1 },
  })),
  {
    class: "user",
    values: {
      username: "admin",
      password: "{{adminpw}}",
      address: "{{admin_email}}",
      roles: "Admin",
    },
  },
  { class: "user", values: { username: "anonymous", roles: "Anonymous" } },
];
