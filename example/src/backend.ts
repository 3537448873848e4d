// Where the backend is, and whether it is the offline (in-memory) one.
import { useEffect, useState } from "react";

/** The Convex URL: VITE_CONVEX_URL, else this page's origin (the offline backend serves both). */
export const CONVEX_URL: string =
  import.meta.env.VITE_CONVEX_URL || window.location.origin;

const isLocal = (url: URL) =>
  url.origin === window.location.origin ||
  ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);

/**
 * True when the backend says it is the offline one (GET /health →
 * {"offline": true}), or VITE_OFFLINE=1. Only local backends are asked.
 */
export function useOfflineBackend(): boolean {
  const forced = import.meta.env.VITE_OFFLINE === "1";
  const [offline, setOffline] = useState(forced);
  useEffect(() => {
    if (forced) return;
    let url: URL;
    try {
      url = new URL("/health", CONVEX_URL);
    } catch {
      return;
    }
    if (!isLocal(url)) return;
    const controller = new AbortController();
    fetch(url, { signal: controller.signal, cache: "no-store" })
      .then((response) => (response.ok ? response.json() : null))
      .then((body: unknown) => {
        if (
          typeof body === "object" &&
          body !== null &&
          (body as { offline?: unknown }).offline === true
        )
          setOffline(true);
      })
      .catch(() => {
        // Not the offline backend (or not reachable): no badge.
      });
    return () => controller.abort();
  }, [forced]);
  return offline;
}
