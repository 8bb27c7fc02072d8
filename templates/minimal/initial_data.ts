/** The minimal template's initial data: the admin and anonymous users. */
import type { InitialItem } from "../initial_item.ts";

/** Items `initialise` creates in a minimal tracker, in creation order. */
export const initialData: InitialItem[] = [
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
