/** Browser entry: hydrates every `[data-island]` placeholder with its registered component. */
import { h, hydrate } from "preact";
import { ISLANDS } from "./mod.ts";

for (const el of document.querySelectorAll<HTMLElement>("[data-island]")) {
  const component = ISLANDS[el.dataset.island ?? ""];
  if (!component) continue;
  hydrate(h(component, JSON.parse(el.dataset.props ?? "{}")), el);
  el.dataset.hydrated = "true";
}
document.documentElement.dataset.islands = "ready";
