import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileProvider } from '@actions/workflow-parser/workflows/file-provider';
import type { FileReference } from '@actions/workflow-parser/workflows/file-reference';
import type { ResolvedRepository } from './repositories.js';
import type { RunState } from './run-state.js';

/**
 * Gives GitHub's converter the files of called workflows, so it checks the `with:` and `secrets:`
 * of each call against the called workflow's `on.workflow_call` as GitHub does before a run.
 */
export function fileProviderFor(run: RunState, repo: ResolvedRepository): FileProvider {
  return {
    async getFileContent(ref: FileReference) {
      if ('repository' in ref) {
        const target = run.repositories.resolve(`${ref.owner}/${ref.repository}`, ref.version);
        return { name: ref.path, content: readFileSync(join(target.dir, ref.path), 'utf8') };
      }
      const path = ref.path.replace(/^(\.|\$)\//, '');
      return { name: path, content: readFileSync(join(repo.dir, path), 'utf8') };
    },
  };
}
