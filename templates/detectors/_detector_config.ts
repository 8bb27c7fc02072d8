/** What detectors are given: the tracker configuration, detectors/config.ini and hooks. */
import {
  type ChangeEvent,
  type Db,
  type Defer,
  InvalidValueError,
} from "../../store/mod.ts";

/**
 * The part of a configuration file detectors read. TrackerConfig has it: both config.ini and
 * detectors/config.ini are read by tracker/config.ts, in the one ini dialect Roundup uses.
 */
export interface ConfigReader {
  get(section: string, name: string): string;
}

/** One new message on an item, handed to the nosy mail sender. */
export interface NosyEvent extends ChangeEvent {
  db: Db;
  /** Id of the msg item to send. */
  messageId: string;
  /** Queues a write to commit after the reactors (with the other follow-ups of the commit). */
  defer?: Defer;
}

/** Settings and hooks every detector's init() receives. */
export interface DetectorConfig {
  config: ConfigReader;
  /** The tracker's detectors/config.ini, as `parseDetectorsConfigIni()` reads it. */
  detectors: ConfigReader;
  /** Sends a new message to the nosy list (mail is wired in by the caller). */
  sendNosy?: (event: NosyEvent) => void | Promise<void>;
}

/** A config.ini option, or `fallback` when it is unset or unknown. */
export function setting(
  cfg: DetectorConfig,
  section: string,
  name: string,
  fallback: string,
): string {
  try {
    const v = cfg.config.get(section, name);
    return v === undefined || v === null || v === "" ? fallback : String(v);
  } catch (e) {
    if (!(e instanceof InvalidValueError)) throw e;
    return fallback;
  }
}

/**
 * A yes/no option of detectors/config.ini. Unset is no, as in Roundup; a value that is not a
 * boolean also counts as no here, where Roundup's detector fails on every change it audits.
 */
export function detectorFlag(
  cfg: DetectorConfig,
  section: string,
  name: string,
): boolean {
  let v: string;
  try {
    v = cfg.detectors.get(section, name);
  } catch (e) {
    if (!(e instanceof InvalidValueError)) throw e;
    return false;
  }
  return ["yes", "true", "on", "1"].includes(v.trim().toLowerCase());
}
