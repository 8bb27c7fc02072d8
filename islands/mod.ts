/**
 * @module
 * The islands: small Preact components the server renders into the page (through `<Island>` in
 * server/island.tsx) and the browser hydrates (`_client.ts`, bundled by `build.ts`). Each one
 * only enhances markup that works without JavaScript. Props are JSON; islands talk to the server
 * through JSON routes only.
 */
import type { FunctionComponent } from "preact";
import DateField from "./DateField.tsx";
import LiveList from "./LiveList.tsx";
import NosyEditor from "./NosyEditor.tsx";
import NotePreview from "./NotePreview.tsx";
import OpenChart from "./OpenChart.tsx";
import Picker from "./Picker.tsx";
import Shortcuts from "./Shortcuts.tsx";

export type { DateFieldProps } from "./DateField.tsx";
export type { LiveListData, LiveListProps, LiveRow } from "./LiveList.tsx";
/** The index table the server renders and LiveList renders again after changes. */
export {
  IndexTable,
  type IndexTableProps,
  type LiveCell,
} from "./IndexTable.tsx";
export type { NosyEditorProps } from "./NosyEditor.tsx";
export type { NotePreviewProps } from "./NotePreview.tsx";
export type { OpenChartProps } from "./OpenChart.tsx";
export type { PickerProps } from "./Picker.tsx";
export type { ShortcutsProps } from "./Shortcuts.tsx";

/** Every island by name, as `<Island name>` and the browser entry look them up. */
// deno-lint-ignore no-explicit-any
export const ISLANDS: Record<string, FunctionComponent<any>> = {
  DateField,
  LiveList,
  NosyEditor,
  NotePreview,
  OpenChart,
  Picker,
  Shortcuts,
};
