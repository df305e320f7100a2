/** Everything render-taskdef was asked to do, already parsed and checked by the action's inputs.ts. */
export interface RenderOptions {
  /** Path of a JSON or YAML template; when absent the family's live revision is the template. */
  template?: string;
  family?: string;
  revision?: number;
  container?: string;
  image?: string;
  images: Array<[string, string]>;
  vars: Array<[string, string]>;
  varsFromEnv: boolean;
  environment: Array<[string, string]>;
  envFile?: string;
  removeEnvironment: string[];
  secrets: Array<[string, string]>;
  command?: string[];
  cpu?: string;
  memory?: string;
  taskRoleArn?: string;
  executionRoleArn?: string;
  dockerLabels: Array<[string, string]>;
  defaultLogging: boolean;
  region: string;
}

/** Options with nothing asked: the base tests and callers spread their changes over. */
export const emptyRenderOptions = (region: string): RenderOptions => ({
  images: [],
  vars: [],
  varsFromEnv: false,
  environment: [],
  removeEnvironment: [],
  secrets: [],
  dockerLabels: [],
  defaultLogging: false,
  region,
});
