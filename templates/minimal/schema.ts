/** The minimal template's schema: only the user class, with its roles and permissions. */
import type { SchemaSpec } from "../../store/mod.ts";

/** Roundup's minimal tracker: just users, to build a schema on. */
export const schema: SchemaSpec = {
  classes: [
    {
      name: "user",
      key: "username",
      properties: {
        username: { type: "String" },
        password: { type: "Password" },
        address: { type: "String", indexed: true },
        alternate_addresses: { type: "String" },
        // Comma-separated role names.
        roles: { type: "String" },
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
    { name: "Email Access", roles: ["User", "Anonymous"] },
    { name: "Rest Access", roles: ["User"] },
    { name: "Xmlrpc Access", roles: ["User"] },
    {
      name: "View",
      klass: "user",
      properties: ["id", "username"],
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
      properties: ["username", "password", "address", "alternate_addresses"],
      description: "User is allowed to edit their own user details",
      roles: ["User"],
    },
  ],
  detectors: ["userauditor"],
};
