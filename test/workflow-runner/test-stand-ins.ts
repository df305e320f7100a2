import { startSimulator, type Simulator } from '../aws-sim/server.js';
import { startGitHubSim, type GitHubSim } from '../github-sim/server.js';

/**
 * The AWS simulator and the GitHub stand-in a runner test's workflows reach: started before the
 * file's tests, stopped after them.
 */
export function useStandIns(): { readonly sim: Simulator; readonly github: GitHubSim } {
  let sim: Simulator | undefined;
  let github: GitHubSim | undefined;
  beforeAll(async () => {
    sim = await startSimulator();
    github = await startGitHubSim({ aws: sim });
  });
  afterAll(async () => {
    await github?.stop();
    await sim?.stop();
  });
  return {
    get sim() {
      if (!sim) throw new Error('the simulator starts in beforeAll');
      return sim;
    },
    get github() {
      if (!github) throw new Error('the GitHub stand-in starts in beforeAll');
      return github;
    },
  };
}
