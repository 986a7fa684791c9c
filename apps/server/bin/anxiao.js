#!/usr/bin/env node
// The `anxiao` command: runs the TypeScript CLI through tsx (see docs/decisions/0001).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
