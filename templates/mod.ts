/**
 * @module
 * Tracker templates (classic, minimal): each is a schema, initial data and the names of the
 * built-in detectors it enables. The detectors themselves (statusauditor, userauditor,
 * messagesummary, nosyreaction) live in detectors/ and are installed by name.
 */
import type { InitialItem } from "./initial_item.ts";
import { type Db, InvalidValueError, type SchemaSpec } from "../store/mod.ts";
import type { DetectorConfig } from "./detectors/_detector_config.ts";
import { schema as classicSchema } from "./classic/schema.ts";
import { initialData as classicData } from "./classic/initial_data.ts";
import { schema as minimalSchema } from "./minimal/schema.ts";
import { initialData as minimalData } from "./minimal/initial_data.ts";
import { init as statusauditor } from "./detectors/statusauditor.ts";
import { init as userauditor } from "./detectors/userauditor.ts";
import { init as messagesummary } from "./detectors/messagesummary.ts";
import { init as nosyreaction } from "./detectors/nosyreaction.ts";

/** What a detector reads from detectors/config.ini and gets for each change. */
export type {
  ConfigReader,
  DetectorConfig,
  NosyEvent,
} from "./detectors/_detector_config.ts";
/** The summary and trimmed content of a message text, by Roundup's [mailgw] rules. */
export {
  type ContentRules,
  DEFAULT_RULES,
  parseContent,
} from "./detectors/messagesummary.ts";

/** A template `install` can copy into a tracker home. */
export interface TemplateDef {
  name: string;
  description: string;
  schema: SchemaSpec;
  initialData: InitialItem[];
}

/** The built-in templates by name. */
export const TEMPLATES: Record<string, TemplateDef> = {
  classic: {
    name: "classic",
    description:
      "A general issue tracker for bugs, feature requests or any other kind of issue.\n" +
      "The place to start for most trackers.",
    schema: classicSchema,
    initialData: classicData,
  },
  minimal: {
    name: "minimal",
    description:
      "An empty tracker with only users (admin and anonymous), for experts who\n" +
      "build their own schema; it is of little use until customised.",
    schema: minimalSchema,
    initialData: minimalData,
  },
};

/** The built-in detectors by name; each registers its auditors and reactors. */
export const DETECTORS: Record<string, (db: Db, cfg: DetectorConfig) => void> =
  { statusauditor, userauditor, messagesummary, nosyreaction };

/** Installs the named detectors; InvalidValueError naming the built-in ones for an unknown name. */
export function installDetectors(
  db: Db,
  names: string[],
  cfg: DetectorConfig,
): void {
  const unknown = names.filter((n) => !Object.hasOwn(DETECTORS, n));
  if (unknown.length) {
    throw new InvalidValueError(
      `Cannot install detector "${unknown[0]}": the built-in detectors are ${
        Object.keys(DETECTORS).join(", ")
      }`,
    );
  }
  for (const name of names) DETECTORS[name]!(db, cfg);
}
