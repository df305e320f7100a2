import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileProvider } from '@actions/workflow-parser/workflows/file-provider';
import { loadAction, loadWorkflow } from '../../workflow-runner/load.js';
import { compositeFiles, ROOT, workflowFiles } from './workflow-files.js';

/**
 * GitHub's own parser (@actions/workflow-parser) accepts every workflow, template and composite
 * action against GitHub's schemas, and every call of a reusable workflow passes its `with:` and
 * `secrets:` checks against the called workflow's `on.workflow_call` (this repository's, at any ref).
 */
const provider: FileProvider = {
  async getFileContent(ref) {
    const own = 'repository' in ref ? `${ref.owner}/${ref.repository}` === 'ecs-ship/ecs-ship' : true;
    if (!own) throw new Error(`unexpected call of ${JSON.stringify(ref)}`);
    const path = ref.path.replace(/^(\.|\$)\//, '');
    return { name: path, content: readFileSync(join(ROOT, path), 'utf8') };
  },
};

test.each(workflowFiles())("%s passes GitHub's workflow schema and call checks", async (file) => {
  await expect(loadWorkflow({ name: file, content: readFileSync(join(ROOT, file), 'utf8') }, provider)).resolves.toMatchObject({ file });
});

test.each(compositeFiles())("%s passes GitHub's action schema", (file) => {
  expect(() => loadAction(join(ROOT, file))).not.toThrow();
});

test('a call with an input the workflow does not declare is rejected (the check can fail)', async () => {
  const caller = readFileSync(join(ROOT, 'workflows-templates/ecs-ship-deploy.yml'), 'utf8').replace(
    'cluster: production',
    'cluster: production\n      role-to-assume: x',
  );
  await expect(loadWorkflow({ name: 'probe.yml', content: caller }, provider)).rejects.toThrow(
    /role-to-assume is not defined in the referenced workflow/,
  );
});
