#!/usr/bin/env node
// The package is TypeScript run as it is: tsx's loader is registered here, then the command line takes over.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
