// The pinned API version's contract, read from the `stripe` package's own TypeScript declarations with the compiler
// API: for every resource (an interface whose `object` is a string literal) its fields, whether each is required,
// nullable, which enum literals it takes and what it nests; and for every event type what `data.object` is. The
// emulator's answers and webhook payloads are checked against this, not against the emulator's own idea of Stripe.
import { createRequire } from "node:module";
import path from "node:path";
import ts from "typescript";

export type Shape =
  | { k: "string" | "number" | "boolean" | "null" | "any" }
  | { k: "lit"; v: string | number | boolean }
  | { k: "union"; of: Shape[] }
  | { k: "array"; of: Shape }
  | { k: "map"; of: Shape }
  | { k: "ref"; name: string };

export type ObjectDef = { props: Record<string, { shape: Shape; optional: boolean }> };

export type StripeContract = {
  sdkVersion: string;
  apiVersion: string;
  defs: Record<string, ObjectDef>;
  /** `object` value → the definitions with it (a resource and its Deleted form). */
  resources: Record<string, string[]>;
  /** event type → the event's own definition. */
  events: Record<string, string>;
  /** A method's parameters interface (PaymentIntentCreateParams, Checkout.SessionCreateParams) → its top-level names. */
  params: Record<string, string[]>;
  /** Every API method the SDK calls: its route (`POST /v1/customers/:id`), its name and the parameters it takes. */
  methods: SdkMethod[];
};

/** The names a method takes, nested: 1 is a value, a node names what it holds ("*": any key, as in metadata). */
export type ParamTree = { [name: string]: ParamTree | 1 };

type SdkMethod = { route: string; name: string; params: string | null; tree: ParamTree };

/** `/v1/invoices/${encodeURIComponent(invoiceId)}/lines/${…}` → `/v1/invoices/:_/lines/:_`. */
export function sdkRoute(method: string, template: string): string {
  return `${method} ${template.replace(/\$\{[^}]*\}/g, ":_").replace(/:[a-z_]+/g, ":_")}`;
}

const stripeRoot = () => path.dirname(path.dirname(createRequire(import.meta.url).resolve("stripe")));

export function readStripeContract(): StripeContract {
  const root = stripeRoot();
  const entry = path.join(root, "cjs", "stripe.core.d.ts");
  const files = ts.sys.readDirectory(path.join(root, "cjs"), [".d.ts"], undefined, ["**/*"]);
  const program = ts.createProgram([entry, ...files], { strict: true, noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const defs: Record<string, ObjectDef> = {};
  const resources: Record<string, string[]> = {};
  const events: Record<string, string> = {};
  const params: Record<string, string[]> = {};
  const naming = new Map<ts.Type, string>();

  // A type's name with the file it is declared in: Checkout's Session and the portal's Session are different types.
  const nameOf = (type: ts.Type): string => {
    const known = naming.get(type);
    if (known) return known;
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const declaration = symbol?.declarations?.[0];
    let name: string;
    if (!symbol || !declaration || symbol.name === "__type" || symbol.name === "__object") name = `anon#${naming.size}`;
    else {
      const file = path.relative(path.join(root, "cjs", "resources"), declaration.getSourceFile().fileName).replace(/\.d\.ts$/, "");
      const qualified = checker.getFullyQualifiedName(symbol).replace(/^"[^"]*"\./, "");
      name = `${file}:${qualified}`;
      // Each instance of a generic (ApiList<SubscriptionItem>, ApiList<InvoiceLineItem>) is a type of its own.
      const args = (type as ts.TypeReference).typeArguments ?? type.aliasTypeArguments ?? [];
      // Arguments by their own qualified names: Partial<Product> and Partial<Climate.Product> are different types.
      if (args.length > 0) name += `<${args.map((a) => (a.flags & ts.TypeFlags.Object ? nameOf(a) : checker.typeToString(a))).join(", ")}>`;
    }
    naming.set(type, name);
    return name;
  };

  const shapeOf = (type: ts.Type, depth = 0): Shape => {
    const f = type.flags;
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { k: "any" };
    if (f & ts.TypeFlags.Null) return { k: "null" };
    if (f & ts.TypeFlags.StringLiteral) return { k: "lit", v: (type as ts.StringLiteralType).value };
    if (f & ts.TypeFlags.NumberLiteral) return { k: "lit", v: (type as ts.NumberLiteralType).value };
    if (f & ts.TypeFlags.BooleanLiteral) return { k: "lit", v: (type as unknown as { intrinsicName: string }).intrinsicName === "true" };
    if (f & ts.TypeFlags.String) return { k: "string" };
    if (f & ts.TypeFlags.Number) return { k: "number" };
    if (f & ts.TypeFlags.Boolean) return { k: "boolean" };
    if (f & ts.TypeFlags.Union) {
      const members = (type as ts.UnionType).types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
      // true | false is how the compiler spells boolean.
      const of = members.map((t) => shapeOf(t, depth)).flatMap((m) => (m.k === "union" ? m.of : [m]));
      return of.length === 1 ? of[0]! : { k: "union", of };
    }
    // OtherString (string & Record<never, never>) is how the SDK tells clients to tolerate enum values of later
    // versions. The emulator is the server: it answers with the pinned version's values only, so it adds none.
    if (f & ts.TypeFlags.Intersection) {
      if ((type as ts.IntersectionType).types.some((t) => t.flags & ts.TypeFlags.String)) return { k: "union", of: [] };
      return { k: "any" };
    }
    if (f & ts.TypeFlags.Object) {
      if (checker.isArrayType(type)) return { k: "array", of: shapeOf(checker.getTypeArguments(type as ts.TypeReference)[0]!, depth) };
      const index = checker.getIndexInfosOfType(type)[0];
      if (index && checker.getPropertiesOfType(type).length === 0) return { k: "map", of: shapeOf(index.type, depth) };
      if (type.getCallSignatures().length > 0) return { k: "any" };
      const name = nameOf(type);
      if (!defs[name]) {
        defs[name] = { props: {} };
        for (const prop of checker.getPropertiesOfType(type)) {
          if (prop.name === "lastResponse") continue;
          const propType = checker.getTypeOfSymbol(prop);
          if (propType.flags & ts.TypeFlags.Void) continue;
          defs[name]!.props[prop.name] = { shape: shapeOf(propType, depth + 1), optional: (prop.flags & ts.SymbolFlags.Optional) !== 0 };
        }
      }
      return { k: "ref", name };
    }
    return { k: "any" };
  };

  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(path.join(root, "cjs", "resources"))) continue;
    const walk = (node: ts.Node) => {
      if (ts.isInterfaceDeclaration(node) && node.name.text.endsWith("Params")) {
        const symbol = checker.getSymbolAtLocation(node.name);
        if (symbol) {
          const qualified = checker.getFullyQualifiedName(symbol).replace(/^"[^"]*"\./, "");
          params[qualified] = checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)).map((p) => p.name);
        }
      }
      if (ts.isInterfaceDeclaration(node) && node.parent && ts.isSourceFile(node.parent)) {
        const type = checker.getTypeAtLocation(node);
        const objectProp = type.getProperty("object");
        const typeProp = type.getProperty("type");
        const objectType = objectProp && checker.getTypeOfSymbol(objectProp);
        if (objectType && objectType.flags & ts.TypeFlags.StringLiteral) {
          const literal = (objectType as ts.StringLiteralType).value;
          const shape = shapeOf(type);
          if (shape.k === "ref") {
            if (literal === "event") {
              const eventType = typeProp && checker.getTypeOfSymbol(typeProp);
              if (eventType && eventType.flags & ts.TypeFlags.StringLiteral) events[(eventType as ts.StringLiteralType).value] = shape.name;
            } else {
              const defs = (resources[literal] ??= []);
              if (!defs.includes(shape.name)) defs.push(shape.name);
            }
          }
        }
      }
      ts.forEachChild(node, walk);
    };
    walk(file);
  }
  const methods = readSdkMethods(root, program, checker);
  const versionFile = ts.sys.readFile(path.join(root, "VERSION"))?.trim() ?? "unknown";
  const apiVersion =
    /ApiVersion = ["']([^"']+)["']/.exec(ts.sys.readFile(path.join(root, "cjs", "apiVersion.d.ts")) ?? "")?.[1] ?? "unknown";
  return { sdkVersion: versionFile, apiVersion, defs, resources, events, params, methods };
}

// The route of each method is in the SDK's JavaScript (`this._makeRequest('POST', `/v1/…`)`); its parameter type is
// in the declaration of the same class and method.
function readSdkMethods(root: string, program: ts.Program, checker: ts.TypeChecker): SdkMethod[] {
  const resourcesDir = path.join(root, "cjs", "resources");
  const methods: SdkMethod[] = [];
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(resourcesDir) || !file.fileName.endsWith(".d.ts")) continue;
    const js = ts.sys.readFile(file.fileName.replace(/\.d\.ts$/, ".js")) ?? "";
    const routes = new Map<string, string>();
    for (const m of js.matchAll(/^ {4}(\w+)\([^)]*\) \{\s*return this\._makeRequest\('([A-Z]+)', [`']([^`']+)[`']/gm))
      routes.set(m[1]!, sdkRoute(m[2]!, m[3]!));
    const resource = path.relative(resourcesDir, file.fileName).replace(/\.d\.ts$/, "");
    for (const statement of file.statements) {
      if (!ts.isClassDeclaration(statement)) continue;
      for (const member of statement.members) {
        if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
        const route = routes.get(member.name.text);
        if (!route) continue;
        const param = member.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === "params");
        const type = param && checker.getTypeAtLocation(param);
        methods.push({
          route,
          name: `${resource}.${member.name.text}`,
          params: param?.type ? param.type.getText() : null,
          tree: type ? paramTree(checker, type, 0) : {},
        });
      }
    }
  }
  return methods;
}

/** The names a parameter type takes, nested (also used on the emulator's own parsed parameters). */
export function paramTree(checker: ts.TypeChecker, type: ts.Type, depth: number): ParamTree {
  const tree: ParamTree = {};
  if (depth > 12) return { "*": 1 };
  const members = type.isUnion() ? type.types : [type];
  for (const member of members) {
    if (!(member.flags & ts.TypeFlags.Object)) continue;
    if (checker.isArrayType(member)) {
      Object.assign(tree, paramTree(checker, checker.getTypeArguments(member as ts.TypeReference)[0]!, depth + 1));
      continue;
    }
    if (checker.getIndexInfosOfType(member).length > 0) tree["*"] = 1;
    for (const prop of checker.getPropertiesOfType(member)) {
      const sub = paramTree(checker, checker.getNonNullableType(checker.getTypeOfSymbol(prop)), depth + 1);
      const known = tree[prop.name];
      tree[prop.name] = Object.keys(sub).length === 0 ? (known ?? 1) : { ...(known === 1 || !known ? {} : known), ...sub };
    }
  }
  return tree;
}
