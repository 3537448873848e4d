// Turns the validator JSON that Convex functions expose (`exportArgs()` /
// `exportReturns()`) into TypeScript type text.
//
// This mirrors convex's `cli/codegen_templates/validator_helpers.js`, with two
// differences that reproduce what the Convex backend hands back to the CLI:
// object fields are sorted (the backend stores them in a BTreeMap, i.e. by
// code unit), and keys / string literals are quoted only where TypeScript
// needs it, so odd field names can't produce unparseable output.
import { jsonToConvex, type JSONValue, type Value } from "convex/values";

export type ValidatorJSON =
  | { type: "null" | "number" | "bigint" | "boolean" | "string" | "bytes" }
  | { type: "any" | "commitTs" }
  | { type: "literal"; value: JSONValue }
  | { type: "id"; tableName: string }
  | { type: "array"; value: ValidatorJSON }
  | { type: "record"; keys: ValidatorJSON; values: FieldJSON }
  | { type: "union"; value: ValidatorJSON[] }
  | { type: "object"; value: Record<string, FieldJSON> };

type FieldJSON = { fieldType: ValidatorJSON; optional: boolean };

/** `exportArgs()` / `exportReturns()` give a JSON string; "null" means none. */
export function parseValidator(json: string): ValidatorJSON | null {
  return JSON.parse(json) as ValidatorJSON | null;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key as convex writes it: bare when it is an identifier. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** Code-unit order, which is what the backend's sorted maps produce. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * @param useIdType `Id<"table">` (app-facing API) instead of `string`
 * (component-facing API, where ids of another component are opaque).
 */
export function validatorToType(
  validator: ValidatorJSON,
  useIdType = false,
): string {
  switch (validator.type) {
    case "null":
    case "number":
    case "bigint":
    case "boolean":
    case "string":
    case "any":
      return validator.type;
    case "bytes":
      return "ArrayBuffer";
    case "commitTs":
      return 'bigint | import("convex/values").CommitTsPlaceholder';
    case "literal":
      return literalType(jsonToConvex(validator.value));
    case "id":
      return useIdType
        ? `Id<${JSON.stringify(validator.tableName)}>`
        : "string";
    case "array":
      return `Array<${validatorToType(validator.value, useIdType)}>`;
    case "record":
      return `Record<${validatorToType(validator.keys, useIdType)}, ${validatorToType(
        validator.values.fieldType,
        useIdType,
      )}>`;
    case "union":
      return validator.value
        .map((v) => validatorToType(v, useIdType))
        .join(" | ");
    case "object": {
      const fields = Object.entries(validator.value)
        .sort(([a], [b]) => byCodeUnit(a, b))
        .map(
          ([name, field]) =>
            `${propertyKey(name)}${field.optional ? "?" : ""}: ${validatorToType(
              field.fieldType,
              useIdType,
            )}`,
        );
      return `{ ${fields.join(", ")} }`;
    }
    default:
      throw new Error(
        `Unsupported validator type: ${JSON.stringify((validator as { type: unknown }).type)}`,
      );
  }
}

function literalType(value: Value): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "bigint":
      return `${value}n`;
    case "number":
    case "boolean":
      return `${value}`;
    case "string":
      return JSON.stringify(value);
    default:
      throw new Error(`Unsupported literal value: ${String(value)}`);
  }
}
