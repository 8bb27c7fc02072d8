/** The classic template's schema: Roundup's classic classes, roles and permissions. */
import type { PermissionSpec, SchemaSpec } from "../../store/mod.ts";

const USER_EDITS_OWN = [
  "username",
  "password",
  "address",
  "realname",
  "phone",
  "organisation",
  "alternate_addresses",
  "queries",
  "timezone",
];

const USER_SEES_OTHERS = [
  "id",
  "organisation",
  "phone",
  "realname",
  "timezone",
  "username",
];

/** Create, Edit and View of the issue-related classes, plus View of the lookup classes. */
function classPermissions(): PermissionSpec[] {
  const out: PermissionSpec[] = [];
  for (const klass of ["issue", "file", "msg", "keyword"]) {
    out.push(
      { name: "View", klass, roles: ["User", "Anonymous"] },
      { name: "Edit", klass, roles: ["User"] },
      { name: "Create", klass, roles: ["User"] },
    );
  }
  for (const klass of ["priority", "status"]) {
    out.push({ name: "View", klass, roles: ["User", "Anonymous"] });
  }
  return out;
}

/** Roundup's classic tracker: issues with priorities, statuses, keywords, messages and files. */
export const schema: SchemaSpec = {
  classes: [
    {
      name: "priority",
      key: "name",
      properties: { name: { type: "String" }, order: { type: "Number" } },
    },
    {
      name: "status",
      key: "name",
      properties: { name: { type: "String" }, order: { type: "Number" } },
    },
    { name: "keyword", key: "name", properties: { name: { type: "String" } } },
    {
      name: "query",
      properties: {
        klass: { type: "String" },
        name: { type: "String" },
        url: { type: "String" },
        private_for: { type: "Link", class: "user" },
      },
    },
    {
      name: "user",
      key: "username",
      properties: {
        username: { type: "String" },
        password: { type: "Password" },
        address: { type: "String", indexed: true },
        realname: { type: "String" },
        phone: { type: "String" },
        organisation: { type: "String" },
        alternate_addresses: { type: "String" },
        queries: { type: "Multilink", class: "query" },
        // Comma-separated role names.
        roles: { type: "String" },
        timezone: { type: "String" },
      },
    },
    {
      name: "msg",
      base: "FileClass",
      properties: {
        author: { type: "Link", class: "user", do_journal: false },
        recipients: { type: "Multilink", class: "user", do_journal: false },
        date: { type: "Date" },
        summary: { type: "String" },
        files: { type: "Multilink", class: "file" },
        messageid: { type: "String", indexed: true },
        inreplyto: { type: "String" },
      },
    },
    {
      name: "file",
      base: "FileClass",
      properties: { name: { type: "String" } },
    },
    {
      name: "issue",
      base: "IssueClass",
      properties: {
        assignedto: { type: "Link", class: "user" },
        keyword: { type: "Multilink", class: "keyword" },
        priority: { type: "Link", class: "priority" },
        status: { type: "Link", class: "status" },
      },
    },
  ],
  roles: [
    { name: "User", description: "A regular user, without special privileges" },
    {
      name: "Admin",
      description: "An administrator, allowed to do everything",
    },
    { name: "Anonymous", description: "Someone who has not logged in" },
  ],
  permissions: [
    {
      name: "Register",
      klass: "user",
      description: "User is allowed to register new user",
      roles: ["Anonymous"],
    },
    { name: "Web Access", roles: ["User", "Anonymous"] },
    { name: "Email Access", roles: ["User"] },
    { name: "Rest Access", roles: ["User"] },
    { name: "Xmlrpc Access", roles: ["User"] },
    ...classPermissions(),
    {
      name: "View",
      klass: "user",
      properties: USER_SEES_OTHERS,
      roles: ["User"],
    },
    {
      name: "View",
      klass: "user",
      check: "own_record",
      description: "User is allowed to view their own user details",
      roles: ["User"],
    },
    {
      name: "Edit",
      klass: "user",
      check: "own_record",
      properties: USER_EDITS_OWN,
      description: "User is allowed to edit their own user details",
      roles: ["User"],
    },
    {
      name: "View",
      klass: "query",
      check: "view_query",
      description: "User is allowed to view their own and public queries",
      roles: ["User"],
    },
    { name: "Search", klass: "query", roles: ["User"] },
    {
      name: "Edit",
      klass: "query",
      check: "edit_query",
      description: "User is allowed to edit their queries",
      roles: ["User"],
    },
    {
      name: "Retire",
      klass: "query",
      check: "edit_query",
      description: "User is allowed to retire their queries",
      roles: ["User"],
    },
    {
      name: "Restore",
      klass: "query",
      check: "edit_query",
      description: "User is allowed to restore their queries",
      roles: ["User"],
    },
    {
      name: "Create",
      klass: "query",
      description: "User is allowed to create queries",
      roles: ["User"],
    },
    // Lets the "Show Unassigned" search work for anonymous users.
    { name: "Search", klass: "user", roles: ["Anonymous"] },
  ],
  detectors: ["statusauditor", "userauditor", "messagesummary", "nosyreaction"],
};
