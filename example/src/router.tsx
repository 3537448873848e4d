// A small history-API router: four pages, links and navigate().
import {
  useSyncExternalStore,
  type AnchorHTMLAttributes,
  type MouseEvent,
} from "react";

export type Route =
  | { page: "runs"; status?: string }
  | { page: "run"; runId: string }
  | { page: "new" }
  | { page: "inbox" }
  | { page: "notFound"; path: string };

const CHANGE = "app:navigate";

export function parseRoute(pathname: string, search: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/" || path === "/runs") {
    const status = new URLSearchParams(search).get("status") ?? undefined;
    return { page: "runs", status };
  }
  if (path === "/new") return { page: "new" };
  if (path === "/inbox") return { page: "inbox" };
  const run = /^\/runs\/([^/]+)$/.exec(path);
  if (run) return { page: "run", runId: decodeURIComponent(run[1]) };
  return { page: "notFound", path };
}

export const paths = {
  runs: (status?: string) => (status ? `/runs?status=${status}` : "/runs"),
  run: (runId: string) => `/runs/${encodeURIComponent(runId)}`,
  newTicket: () => "/new",
  inbox: () => "/inbox",
};

export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.dispatchEvent(new Event(CHANGE));
  if (!options.replace) window.scrollTo(0, 0);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

const location = () => window.location.pathname + window.location.search;

export function useRoute(): Route {
  const current = useSyncExternalStore(subscribe, location, location);
  const url = new URL(current, "http://app");
  return parseRoute(url.pathname, url.search);
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

/** An <a> that navigates in-app (ctrl/cmd-click still opens a new tab). */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handleClick} {...rest} />;
}
