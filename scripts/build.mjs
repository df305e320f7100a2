// Bundles every action: one loop over actions/*/main.ts (and post.ts), so a new action needs no change here.
// `node scripts/build.mjs deploy-service` bundles only the actions named.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv.slice(2);
/** Issue 8's budget per bundle: past it, say so (a barrel import or an HTTP client crept in). */
const BUDGET_BYTES = 1_200_000;
const actions = readdirSync('actions').filter((name) => existsSync(join('actions', name, 'main.ts')));
for (const name of actions.filter((n) => !only.length || only.includes(n))) {
  const dir = join('actions', name);
  // Bundle beside dist/ and swap it in at the end: a failed build leaves the previous bundle whole,
  // and a test running the bundle meanwhile never finds it half-written.
  const staging = mkdtempSync(join(dir, '.dist-'));
  // ncc type-checks through the nearest tsconfig: one naming only this action's entries checks what
  // this bundle contains, so a type error elsewhere in the tree does not block it (npm run
  // typecheck checks everything). Written for the build, removed after it.
  const tsconfig = join(dir, 'tsconfig.json');
  const entries = ['main.ts', 'post.ts'].filter((entry) => existsSync(join(dir, entry)));
  writeFileSync(tsconfig, JSON.stringify({ extends: '../../tsconfig.json', include: [], files: entries }));
  try {
    for (const [entry, out] of [
      ['main.ts', ''],
      ['post.ts', 'post'],
    ]) {
      if (!existsSync(join(dir, entry))) continue;
      execFileSync('npx', ['ncc', 'build', join(dir, entry), '-o', join(staging, out), '--minify', '--quiet', '--target', 'es2022'], {
        stdio: 'inherit',
      });
    }
    rmSync(join(dir, 'dist'), { recursive: true, force: true });
    renameSync(staging, join(dir, 'dist'));
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(tsconfig, { force: true });
  }
  const bytes = statSync(join(dir, 'dist', 'index.js')).size;
  const over = bytes > BUDGET_BYTES ? ` (over the ${BUDGET_BYTES / 1e6} MB budget: see what it pulls in with ncc --stats-out)` : '';
  console.log(`built ${dir}: ${(bytes / 1e6).toFixed(2)} MB${over}`);
}
