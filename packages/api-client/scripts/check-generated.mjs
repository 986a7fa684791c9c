// Fails when src/schema.d.ts is not what openapi-typescript makes of the committed openapi.json.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-api-')), 'schema.d.ts');
execFileSync('npx', ['openapi-typescript', 'openapi.json', '-o', tmp], { stdio: 'ignore' });
execFileSync('npx', ['prettier', '--config', '../../.prettierrc.json', '--write', tmp], { stdio: 'ignore' });
if (fs.readFileSync(tmp, 'utf8') !== fs.readFileSync('src/schema.d.ts', 'utf8')) {
  console.error(
    'packages/api-client/src/schema.d.ts is stale: run `npm run api:generate` and commit the result',
  );
  process.exit(1);
}
console.log('packages/api-client/src/schema.d.ts is current');
