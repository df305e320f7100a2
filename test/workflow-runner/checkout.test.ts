import { commitFiles, createFixtureRepo, runWorkflow } from './index.js';

test('checkout: the event commit on its branch, shallow by default; fetch-depth 0 brings every branch; credentials persist unless told not to', async () => {
  const repo = createFixtureRepo({ files: { 'a.txt': 'one' } });
  const older = repo.sha;
  commitFiles(
    repo.dir,
    {
      '.github/workflows/w.yml': `
on: push
jobs:
  shallow:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          echo "branch=$(git rev-parse --abbrev-ref HEAD) shallow=$(git rev-parse --is-shallow-repository) head=$(git rev-parse HEAD)"
          echo "header=$(git config --local --get http.https://github.com/.extraheader | cut -c1-20)"
  full:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with: { fetch-depth: 0, persist-credentials: false, ref: ${older} }
      - run: |
          git merge-base --is-ancestor HEAD origin/main && echo "older commit is on main"
          echo "header=[$(git config --local --get http.https://github.com/.extraheader || true)]"
`,
    },
    'second',
  );
  const result = await runWorkflow({
    workflow: '.github/workflows/w.yml',
    repository: { name: 'acme/shop', source: { git: repo.dir } },
    event: { name: 'push' },
  });
  const head = result.job('shallow').records[0].detail.sha;
  expect(result.job('shallow').steps[1].log).toContain(`branch=main shallow=true head=${head}`);
  expect(result.job('shallow').steps[1].log).toContain('header=AUTHORIZATION: basic');
  expect(result.job('shallow').steps[0].post?.conclusion).toBe('success');
  expect(result.job('full').steps[1].log).toContain('older commit is on main');
  expect(result.job('full').steps[1].log).toContain('header=[]');
  expect(result.job('full').records[0].detail).toMatchObject({ sha: older, depth: 0, persistCredentials: false });
});
