// Checks one Stripe JSON payload (a resource, a list of them, or an event) against the pinned contract: every field
// the type requires is present, nothing is null where the type does not allow it, closed enums hold one of their
// literals, nested objects and expansions have their own types' shapes, and no field exists that the type lacks.
import type { ObjectDef, Shape, StripeContract } from "./stripe-types";

export type Violation = { where: string; problem: string };

export type CheckResult = { violations: Violation[]; fieldsChecked: number; what: string };

export function checkPayload(contract: StripeContract, body: unknown): CheckResult {
  const state = { violations: [] as Violation[], fields: 0 };
  const what = checkTop(contract, body, state);
  return { violations: state.violations, fieldsChecked: state.fields, what };
}

type State = { violations: Violation[]; fields: number };

function checkTop(contract: StripeContract, body: unknown, state: State): string {
  if (!isObject(body)) {
    state.violations.push({ where: "(body)", problem: "is not an object" });
    return "(not an object)";
  }
  const object = body.object;
  if (object === "list" || object === "search_result") {
    for (const key of ["data", "has_more", "url"])
      if (!(key in body)) state.violations.push({ where: `${object}.${key}`, problem: "missing" });
    const items = Array.isArray(body.data) ? body.data : [];
    for (const item of items) checkTop(contract, item, state);
    return `${object} of ${isObject(items[0]) ? String(items[0].object) : "nothing"}`;
  }
  if (object === "event") {
    const type = String(body.type);
    const def = contract.events[type];
    if (!def) {
      state.violations.push({ where: `event ${type}`, problem: "is not an event type of the pinned API" });
      return `event ${type}`;
    }
    checkShape(contract, body, { k: "ref", name: def }, `event ${type}`, state, 0);
    return `event ${type}`;
  }
  const defs = contract.resources[String(object)];
  if (!defs) {
    state.violations.push({ where: String(object), problem: "is not a resource of the pinned API" });
    return String(object);
  }
  const deleted = body.deleted === true;
  const def = defs.find((d) => d.split(":").pop()!.startsWith("Deleted") === deleted) ?? defs[0]!;
  checkShape(contract, body, { k: "ref", name: def }, String(object), state, 0);
  return String(object);
}

function checkShape(contract: StripeContract, value: unknown, shape: Shape, where: string, state: State, depth: number): void {
  const problem = (text: string): void => void state.violations.push({ where, problem: text });
  switch (shape.k) {
    case "any":
      return;
    case "null":
      if (value !== null) problem(`is ${describe(value)}, the type says null`);
      return;
    case "string":
    case "number":
    case "boolean":
      if (typeof value !== shape.k)
        problem(value === null ? "is null, the type does not allow it" : `is ${describe(value)}, the type says ${shape.k}`);
      return;
    case "lit":
      if (value !== shape.v) problem(`is ${describe(value)}, the type says ${JSON.stringify(shape.v)}`);
      return;
    case "array":
      if (!Array.isArray(value)) return problem(`is ${describe(value)}, the type says an array`);
      for (const item of value) checkShape(contract, item, shape.of, `${where}[]`, state, depth + 1);
      return;
    case "map":
      if (!isObject(value)) return problem(`is ${describe(value)}, the type says an object`);
      for (const item of Object.values(value)) checkShape(contract, item, shape.of, `${where}{}`, state, depth + 1);
      return;
    case "union":
      return checkUnion(contract, value, shape.of, where, state, depth);
    case "ref": {
      // Problems are named after the resource they are in, wherever it is nested (an event, an expansion, a list).
      const def = contract.defs[shape.name];
      const own = literalOf(def?.props.object?.shape);
      const named = typeof own === "string" && own !== "list" && own !== "event" && isObject(value) && value.object === own;
      return checkObject(contract, value, def, named ? own : where, state, depth);
    }
  }
}

function checkUnion(contract: StripeContract, value: unknown, members: Shape[], where: string, state: State, depth: number): void {
  // Only the members of the value's own kind can fit it: an object is judged against object types, and so on.
  const kindOf = (m: Shape) => (m.k === "ref" || m.k === "map" ? "object" : m.k === "array" ? "array" : m.k === "any" ? "any" : "scalar");
  const valueKind = isObject(value) ? "object" : Array.isArray(value) ? "array" : "scalar";
  const candidates = members.filter((m) => kindOf(m) === valueKind || kindOf(m) === "any");
  if (candidates.length === 0) {
    state.violations.push({
      where,
      problem: value === null ? "is null, the type does not allow it" : `is ${describe(value)}, the type allows none of that`,
    });
    return;
  }
  const trials = candidates.map((member) => {
    const trial: State = { violations: [], fields: 0 };
    checkShape(contract, value, member, where, trial, depth);
    return { member, trial };
  });
  const fit = trials.find((t) => t.trial.violations.length === 0);
  if (fit) {
    state.fields += fit.trial.fields;
    return;
  }
  const literals = candidates.filter((m): m is { k: "lit"; v: string } => m.k === "lit" && typeof m.v === "string");
  if (typeof value === "string" && literals.length > 0) {
    state.violations.push({ where, problem: `is "${value}", not one of ${literals.map((l) => `"${l.v}"`).join(", ")}` });
    return;
  }
  // An object is judged against the member whose `object` it names, else the one it breaks least.
  const named = trials.find(
    (t) => isObject(value) && t.member.k === "ref" && literalOf(contract.defs[t.member.name]?.props.object?.shape) === value.object,
  );
  const best = named ?? trials.reduce((a, b) => (b.trial.violations.length < a.trial.violations.length ? b : a));
  state.violations.push(...best.trial.violations);
  state.fields += best.trial.fields;
}

const literalOf = (shape: Shape | undefined) => (shape?.k === "lit" ? shape.v : undefined);

function checkObject(
  contract: StripeContract,
  value: unknown,
  def: ObjectDef | undefined,
  where: string,
  state: State,
  depth: number,
): void {
  if (!def) return;
  if (!isObject(value)) {
    state.violations.push({
      where,
      problem: value === null ? "is null, the type does not allow it" : `is ${describe(value)}, the type says an object`,
    });
    return;
  }
  if (depth > 12) return;
  for (const [key, prop] of Object.entries(def.props)) {
    state.fields++;
    if (!(key in value) || value[key] === undefined) {
      if (!prop.optional) state.violations.push({ where: `${where}.${key}`, problem: "missing" });
      continue;
    }
    checkShape(contract, value[key], prop.shape, `${where}.${key}`, state, depth + 1);
  }
  for (const key of Object.keys(value))
    if (!(key in def.props)) state.violations.push({ where: `${where}.${key}`, problem: "is not a field of the pinned API" });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const describe = (v: unknown) =>
  v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "string" ? `"${v.slice(0, 40)}"` : typeof v;
