import { errorInfo, useMutationState } from "convex-agent-workflows/react";
import { useQueries } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useState, type FormEvent } from "react";
import { ErrorMessage } from "./ErrorMessage";
import { fns } from "./functions";
import { Icon } from "./icons";

type Pool = FunctionReturnType<typeof fns.llmPool>;
type PoolKey = Pool["keys"][number];

const QUERIES = { pool: { query: fns.llmPool, args: {} } };

/** A cap typed in a field: an integer from 1 to 100, else null. */
function capOf(text: string): number | null {
  const cap = Number(text);
  return Number.isInteger(cap) && cap >= 1 && cap <= 100 ? cap : null;
}

function KeyRow({ row, onPick }: { row: PoolKey; onPick: () => void }) {
  return (
    <li
      className="pool__key"
      data-testid="pool-key"
      data-key={row.key}
      data-running={row.running}
      data-queued={row.queued}
      data-cap={row.maxParallelism ?? ""}
    >
      <button
        type="button"
        className="pool__key-name"
        onClick={onPick}
        title="Change this key's cap"
      >
        {row.key === "" ? "(no key)" : row.key}
      </button>
      <span className="pool__key-counts">
        {row.running} running · {row.queued} queued
      </span>
      <span className="pool__key-cap">
        {row.maxParallelism === undefined
          ? "no cap of its own"
          : `cap ${row.maxParallelism}${row.overridden ? " (set here)" : ""}`}
      </span>
    </li>
  );
}

/**
 * The LLM pool, for support agents: model calls running against the cap
 * for all calls, the busiest concurrency keys (one per customer), and the
 * two caps, changed at run time (a raised cap starts queued calls at once;
 * a lowered one lets running calls finish).
 */
export function LlmPoolPanel() {
  const { pool: result } = useQueries(QUERIES) as {
    pool: Pool | Error | undefined;
  };
  const setCap = useMutationState(fns.setLlmCap);
  const setKeyCap = useMutationState(fns.setLlmKeyCap);
  const [cap, setCapText] = useState("");
  const [key, setKey] = useState("");
  const [keyCap, setKeyCapText] = useState("");

  if (result instanceof Error) {
    return <ErrorMessage error={errorInfo(result)} testId="llm-pool-error" />;
  }
  const pool = result;
  const newCap = capOf(cap);
  const newKeyCap = capOf(keyCap);
  const keyOverridden = pool?.keys.some(
    (row) => row.key === key && row.overridden,
  );

  const submitCap = async (event: FormEvent) => {
    event.preventDefault();
    if (newCap === null) return;
    if ((await setCap.run({ maxParallelism: newCap })) !== undefined)
      setCapText("");
  };
  const submitKeyCap = async (event: FormEvent) => {
    event.preventDefault();
    if (key.trim() === "" || newKeyCap === null) return;
    await setKeyCap.run({ key: key.trim(), maxParallelism: newKeyCap });
  };

  return (
    <section
      className="card pool"
      aria-labelledby="pool-title"
      data-testid="llm-pool"
    >
      <div className="card__head">
        <h2 className="card__title" id="pool-title">
          <Icon name="llm" />
          Model calls
        </h2>
        {pool && (
          <span
            className="card__aside"
            data-testid="pool-summary"
            data-running={pool.running}
            data-cap={pool.maxParallelism}
          >
            {pool.running} running of {pool.maxParallelism}
            {pool.queued > 0 && ` · ${pool.queued} queued`}
          </span>
        )}
      </div>
      <div className="card__pad pool__body">
        {pool === undefined ? (
          <span className="skeleton skeleton--wide" />
        ) : pool.keys.length === 0 ? (
          <p className="muted pool__empty" data-testid="pool-keys-empty">
            No calls running or queued. Each customer&apos;s calls share a key,
            capped at {pool.defaultKeyCap} at once.
          </p>
        ) : (
          <ul className="pool__keys" data-testid="pool-keys">
            {pool.keys.map((row) => (
              <KeyRow
                key={row.key}
                row={row}
                onPick={() => {
                  setKey(row.key);
                  setKeyCapText(String(row.maxParallelism ?? ""));
                }}
              />
            ))}
          </ul>
        )}
        <form className="pool__form" onSubmit={(e) => void submitCap(e)}>
          <label className="pool__label" htmlFor="pool-cap">
            Cap for all calls
          </label>
          <input
            id="pool-cap"
            className="input pool__number"
            type="number"
            min={1}
            max={100}
            value={cap}
            placeholder={pool ? String(pool.maxParallelism) : ""}
            onChange={(event) => setCapText(event.target.value)}
            data-testid="pool-cap-input"
          />
          <button
            type="submit"
            className="btn btn--secondary"
            disabled={newCap === null || setCap.isPending}
            data-testid="pool-cap-set"
          >
            Set
          </button>
          {pool?.overridden && (
            <ResetButton
              onClick={() => void setCap.run({ maxParallelism: null })}
              disabled={setCap.isPending}
              testId="pool-cap-reset"
              title="Back to the app's llm.maxParallelism"
            />
          )}
        </form>
        <form className="pool__form" onSubmit={(e) => void submitKeyCap(e)}>
          <label className="pool__label" htmlFor="pool-key">
            Cap for key
          </label>
          <input
            id="pool-key"
            className="input pool__key-input"
            value={key}
            placeholder="customer:ada"
            onChange={(event) => setKey(event.target.value)}
            data-testid="pool-key-input"
          />
          <input
            className="input pool__number"
            type="number"
            min={1}
            max={100}
            value={keyCap}
            placeholder={pool ? String(pool.defaultKeyCap) : ""}
            aria-label="Cap"
            onChange={(event) => setKeyCapText(event.target.value)}
            data-testid="pool-key-cap-input"
          />
          <button
            type="submit"
            className="btn btn--secondary"
            disabled={
              key.trim() === "" || newKeyCap === null || setKeyCap.isPending
            }
            data-testid="pool-key-set"
          >
            Set
          </button>
          {keyOverridden && (
            <ResetButton
              onClick={() =>
                void setKeyCap.run({ key: key.trim(), maxParallelism: null })
              }
              disabled={setKeyCap.isPending}
              testId="pool-key-reset"
              title="Back to the app's cap for keys"
            />
          )}
        </form>
        <ErrorMessage error={setCap.error} testId="pool-cap-error" />
        <ErrorMessage error={setKeyCap.error} testId="pool-key-error" />
      </div>
    </section>
  );
}

/** Clears a cap set here: back to the app's own. */
function ResetButton(props: {
  onClick: () => void;
  disabled: boolean;
  testId: string;
  title: string;
}) {
  return (
    <button
      type="button"
      className="btn btn--ghost"
      onClick={props.onClick}
      disabled={props.disabled}
      data-testid={props.testId}
      title={props.title}
    >
      Reset
    </button>
  );
}
