/** What detectors are given: the tracker configuration, detectors/config.ini and hooks. */
import ini from "ini";
import type { ChangeEvent, Db, Defer } from "../../store/mod.ts";

/** The part of the tracker configuration detectors read (TrackerConfig has it). */
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
  /** Text of the tracker's detectors/config.ini. */
  detectorsIni: string;
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
  } catch {
    return fallback;
  }
}

/** A yes/no option of detectors/config.ini; anything unreadable counts as no, as in Roundup. */
export function detectorFlag(
  cfg: DetectorConfig,
  section: string,
  name: string,
): boolean {
  const doc = ini.parse(cfg.detectorsIni) as Record<string, unknown>;
  const sec = doc[section];
  if (typeof sec !== "object" || sec === null) return false;
  const v = (sec as Record<string, unknown>)[name];
  if (typeof v === "boolean") return v;
  return ["yes", "true", "on", "1"].includes(String(v).trim().toLowerCase());
}
