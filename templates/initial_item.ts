/** The shape of a template's initial data (written to a tracker home as initial_data.json). */

/** One item to create; string values may hold {{adminpw}} and {{admin_email}}. */
export interface InitialItem {
  class: string;
  values: Record<string, string | number | boolean | string[]>;
}
