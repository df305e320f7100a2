// Bundles every action: one loop over actions/*/main.ts (and post.ts), so a new action needs no change here.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv.slice(2);
const actions = readdirSync('actions').filter((name) => existsSync(join('actions', name, 'main.ts')));
for (const name of actions.filter((n) => !only.length || only.includes(n))) {
  const dir = join('actions', name);
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  for (const [entry, out] of [['main.ts', 'dist'], ['post.ts', 'dist/post']]) {
    if (!existsSync(join(dir, entry))) continue;
    execFileSync('npx', ['ncc', 'build', join(dir, entry), '-o', join(dir, out), '--minify', '--quiet', '--target', 'es2022'], {
      stdio: 'inherit',
    });
  }
  console.log(`built ${dir}`);
}
