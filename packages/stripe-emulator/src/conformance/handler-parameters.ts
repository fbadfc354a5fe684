// What the emulator's handlers take, read from their own code with the compiler: for each `router.add(...)` route,
// the type of every `parseParams(schema, …)` its handler reaches (directly or through functions it calls), as a tree of
// names. With the SDK's trees this says which current parameters each route honours, for the package README and the tests.
import path from "node:path";
import ts from "typescript";
import { paramTree, type ParamTree } from "./stripe-types";

const emulatorDir = path.join(import.meta.dirname, "..");

function program(): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(emulatorDir, "..", "tsconfig.json"),
    { noEmit: true },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => {},
    },
  );
  const roots = ts.sys.readDirectory(path.join(emulatorDir, "routes"), [".ts"]).filter((f) => !f.endsWith(".test.ts"));
  return ts.createProgram(roots, { ...config?.options, incremental: false, plugins: [] });
}

function merge(into: ParamTree, from: ParamTree): void {
  for (const [name, sub] of Object.entries(from)) {
    const known = into[name];
    if (sub === 1) into[name] = known ?? 1;
    else if (!known || known === 1) into[name] = { ...sub };
    else merge(known, sub);
  }
}

/** `"/v1/${segment}/search"` → a pattern over the router's templates; a plain string → itself. */
function pathPattern(node: ts.Expression, checker: ts.TypeChecker): RegExp | null {
  if (ts.isStringLiteral(node)) return new RegExp(`^${node.text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  if (ts.isTemplateExpression(node)) {
    const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
    return new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[a-z_]+")}$`);
  }
  if (ts.isIdentifier(node)) {
    const declaration = checker.getSymbolAtLocation(node)?.valueDeclaration;
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer)
      return pathPattern(declaration.initializer, checker);
  }
  return null;
}

function methodsOf(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node)) return [node.text];
  if (ts.isArrayLiteralExpression(node)) return node.elements.filter(ts.isStringLiteral).map((e) => e.text);
  return [];
}

/** Route (`POST /v1/customers`) → the names its handler parses; routes are given as the router lists them. */
export function readHandlerParameters(routes: string[]): Record<string, ParamTree> {
  const prog = program();
  const checker = prog.getTypeChecker();
  const out: Record<string, ParamTree> = {};

  const parsedBy = (handler: ts.Node): ParamTree => {
    const tree: ParamTree = {};
    const seen = new Set<ts.Node>();
    const visit = (node: ts.Node, depth: number) => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        if (ts.isIdentifier(callee) && callee.text === "parseParams") merge(tree, paramTree(checker, checker.getTypeAtLocation(node), 0));
        else if (depth < 4) {
          let symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
          if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
          for (const declaration of symbol?.declarations ?? []) {
            const body = ts.isFunctionDeclaration(declaration)
              ? declaration.body
              : ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isArrowFunction(declaration.initializer)
                ? declaration.initializer.body
                : undefined;
            if (!body || seen.has(body) || !declaration.getSourceFile().fileName.startsWith(emulatorDir)) continue;
            seen.add(body);
            visit(body, depth + 1);
          }
        }
      }
      ts.forEachChild(node, (child) => visit(child, depth));
    };
    let body = handler;
    if (ts.isIdentifier(handler)) {
      const declaration = checker.getSymbolAtLocation(handler)?.valueDeclaration;
      if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) body = declaration.initializer;
    }
    visit(body, 0);
    delete tree.expand;
    return tree;
  };

  for (const file of prog.getSourceFiles()) {
    if (!file.fileName.startsWith(path.join(emulatorDir, "routes"))) continue;
    const walk = (node: ts.Node) => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === "add" &&
        node.arguments.length >= 3
      ) {
        const methods = methodsOf(node.arguments[0]!);
        const pattern = pathPattern(node.arguments[1]!, checker);
        if (methods.length > 0 && pattern) {
          const tree = parsedBy(node.arguments[2]!);
          for (const route of routes) {
            const [method, template] = route.split(" ") as [string, string];
            if (methods.includes(method) && pattern.test(template)) merge((out[route] ??= {}), tree);
          }
        }
      }
      ts.forEachChild(node, walk);
    };
    walk(file);
  }
  return out;
}
