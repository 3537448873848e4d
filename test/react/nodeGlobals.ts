// Imported first by the hook tests. Vitest's jsdom environment replaces the
// global Uint8Array and ArrayBuffer with jsdom's (another realm), while
// Node's TextEncoder, Buffer and `ws` still make Node's: esbuild (which the
// offline backend loads the app with) refuses to start then, and
// `instanceof` checks across the two disagree. Node code runs in these
// tests (the backend, the client's socket), so put Node's back.
const NodeUint8Array = Object.getPrototypeOf(Buffer.prototype)
  .constructor as Uint8ArrayConstructor;
const NodeArrayBuffer = Buffer.alloc(0).buffer
  .constructor as ArrayBufferConstructor;

globalThis.Uint8Array = NodeUint8Array;
globalThis.ArrayBuffer = NodeArrayBuffer;
