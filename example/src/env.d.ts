/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The Convex deployment (or offline backend) URL; default: this page's origin. */
  readonly VITE_CONVEX_URL?: string;
  /** "1" to show the offline badge without asking the backend's /health. */
  readonly VITE_OFFLINE?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
