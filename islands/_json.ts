/** Small fetch helpers shared by the islands (JSON routes of the tracker only). */

/** GETs a JSON route; null when it fails (the island then keeps what it shows). */
export async function getJson<T>(url: string): Promise<T | null> {
  try {
    const r = await fetch(url, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    return r.ok ? await r.json() as T : null;
  } catch {
    return null;
  }
}

/** POSTs text to a JSON route. */
export async function postJson<T>(
  url: string,
  body: string,
): Promise<T | null> {
  try {
    const r = await fetch(url, {
      method: "POST",
      headers: {
        Accept: "application/json",
        "Content-Type": "text/plain;charset=utf-8",
        "X-Requested-With": "roundup-island",
      },
      credentials: "same-origin",
      body,
    });
    return r.ok ? await r.json() as T : null;
  } catch {
    return null;
  }
}
