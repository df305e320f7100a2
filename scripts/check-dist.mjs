// Rebuilds every bundle and fails if the result differs from what is committed in actions/*/dist.
import { execFileSync } from 'node:child_process';

execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
const changed = execFileSync('git', ['status', '--porcelain', '--', 'actions/*/dist'], { encoding: 'utf8' }).trim();
if (changed) {
  console.error(`actions/*/dist differs from a fresh build; run "npm run build" and commit:\n${changed}`);
  process.exit(1);
}
console.log('dist is up to date');
