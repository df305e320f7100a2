import { HttpError, notFound, paged, validationFailed } from '../http.js';
import { resolveRef } from '../git.js';
import type { Deployment, DeploymentStatus } from '../state.js';
import { REPO, repoOf, route, type Route, type RouteContext } from './types.js';

/**
 * Deployments and deployment statuses, as the REST API documents them: a deployment resolves its
 * ref to a SHA (422 "No ref found for: x" otherwise); a `success` status makes earlier successful
 * deployments of the same environment `inactive` unless `auto_inactive: false`; lists are newest
 * first.
 */
const STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];
const bot = { login: 'github-actions[bot]', type: 'Bot' };

function deploymentOf(ctx: RouteContext): Deployment {
  const found = ctx.state.deployments.find((d) => d.id === Number(ctx.params.id) && d.repository === repoOf(ctx.params));
  if (!found) throw notFound();
  return found;
}

function createDeployment(ctx: RouteContext) {
  const body = ctx.body ?? {};
  if (typeof body.ref !== 'string' || !body.ref) throw validationFailed('Deployment', 'ref');
  const repository = repoOf(ctx.params);
  const sha = resolveRef(ctx.state, repository, body.ref);
  if (!sha)
    throw new HttpError(422, `No ref found for: ${body.ref}`, {
      documentation_url: 'https://docs.github.com/rest/deployments/deployments#create-a-deployment',
      status: '422',
    });
  checkRequiredContexts(ctx, sha, body.ref, body.required_contexts);
  const id = ctx.state.nextId++;
  const now = new Date().toISOString();
  const environment = typeof body.environment === 'string' ? body.environment : 'production';
  const url = `${ctx.baseUrl}/repos/${repository}/deployments/${id}`;
  const deployment: Deployment = {
    id,
    node_id: `DE_${id}`,
    url,
    sha,
    ref: body.ref,
    task: typeof body.task === 'string' ? body.task : 'deploy',
    payload: body.payload ?? {},
    original_environment: environment,
    environment,
    description: typeof body.description === 'string' ? body.description : null,
    creator: bot,
    created_at: now,
    updated_at: now,
    statuses_url: `${url}/statuses`,
    repository_url: `${ctx.baseUrl}/repos/${repository}`,
    transient_environment: body.transient_environment === true,
    production_environment: typeof body.production_environment === 'boolean' ? body.production_environment : environment === 'production',
    repository,
  };
  ctx.state.deployments.push(deployment);
  ctx.state.statuses.set(id, []);
  return { status: 201, body: publicDeployment(deployment) };
}

/**
 * By default every context (commit status or check run) of the commit must be `success`; with
 * `required_contexts` only those. A workflow job creating a deployment for its own commit is
 * itself a pending check run, so it needs `required_contexts: []`. 409 as GitHub answers it.
 */
function checkRequiredContexts(ctx: RouteContext, sha: string, ref: string, required: unknown) {
  const latest = new Map<string, string>();
  for (const entry of ctx.state.contexts.get(sha) ?? []) latest.set(entry.context, entry.state);
  const wanted = Array.isArray(required) ? required.map(String) : [...latest.keys()];
  const failing = wanted.filter((context) => latest.get(context) !== 'success');
  if (failing.length === 0) return;
  throw new HttpError(409, `Conflict: Commit status checks failed for ${ref}.`, {
    errors: [
      {
        contexts: [...latest].map(([context, state]) => ({ context, state })),
        resource: 'Deployment',
        field: 'required_contexts',
        code: 'invalid',
      },
    ],
    documentation_url: 'https://docs.github.com/rest/deployments/deployments#create-a-deployment',
    status: '409',
  });
}

const publicDeployment = ({ repository: _r, ...rest }: Deployment) => rest;

function listDeployments(ctx: RouteContext) {
  const { sha, ref, task, environment } = ctx.query;
  const list = ctx.state.deployments
    .filter((d) => d.repository === repoOf(ctx.params))
    .filter(
      (d) =>
        (!sha || d.sha === sha) && (!ref || d.ref === ref) && (!task || d.task === task) && (!environment || d.environment === environment),
    )
    .reverse();
  return paged(list.map(publicDeployment), ctx.url);
}

function createStatus(ctx: RouteContext) {
  const deployment = deploymentOf(ctx);
  const body = ctx.body ?? {};
  if (typeof body.state !== 'string' || !STATES.includes(body.state))
    throw validationFailed('DeploymentStatus', 'state', body.state ? 'invalid' : 'missing_field');
  const id = ctx.state.nextId++;
  const now = new Date().toISOString();
  const status: DeploymentStatus = {
    id,
    node_id: `DES_${id}`,
    state: body.state,
    creator: bot,
    description: typeof body.description === 'string' ? body.description : '',
    environment: typeof body.environment === 'string' ? body.environment : deployment.environment,
    target_url: typeof body.log_url === 'string' ? body.log_url : typeof body.target_url === 'string' ? body.target_url : '',
    log_url: typeof body.log_url === 'string' ? body.log_url : typeof body.target_url === 'string' ? body.target_url : '',
    environment_url: typeof body.environment_url === 'string' ? body.environment_url : '',
    created_at: now,
    updated_at: now,
    deployment_url: deployment.url,
    repository_url: deployment.repository_url,
    url: `${deployment.url}/statuses/${id}`,
  };
  if (typeof body.environment === 'string') deployment.environment = body.environment;
  ctx.state.statuses.get(deployment.id)!.push(status);
  if (body.state === 'success' && body.auto_inactive !== false) deactivateOthers(ctx, deployment);
  return { status: 201, body: status };
}

/** Earlier deployments of the environment whose latest status is success become inactive. */
function deactivateOthers(ctx: RouteContext, current: Deployment) {
  for (const other of ctx.state.deployments) {
    if (
      other.id === current.id ||
      other.repository !== current.repository ||
      other.environment !== current.environment ||
      other.transient_environment
    )
      continue;
    const statuses = ctx.state.statuses.get(other.id)!;
    if (statuses.at(-1)?.state !== 'success') continue;
    const now = new Date().toISOString();
    const id = ctx.state.nextId++;
    statuses.push({
      ...statuses.at(-1)!,
      id,
      node_id: `DES_${id}`,
      state: 'inactive',
      description: '',
      created_at: now,
      updated_at: now,
      url: `${other.url}/statuses/${id}`,
    });
  }
}

function listStatuses(ctx: RouteContext) {
  const deployment = deploymentOf(ctx);
  return paged([...ctx.state.statuses.get(deployment.id)!].reverse(), ctx.url);
}

const read = { scope: 'deployments', level: 'read' } as const;
const write = { scope: 'deployments', level: 'write' } as const;

export const deploymentRoutes: Route[] = [
  route('POST', `${REPO}/deployments`, write, createDeployment),
  route('GET', `${REPO}/deployments`, read, listDeployments),
  route('GET', `${REPO}/deployments/(?<id>\\d+)`, read, (ctx) => ({ status: 200, body: publicDeployment(deploymentOf(ctx)) })),
  route('POST', `${REPO}/deployments/(?<id>\\d+)/statuses`, write, createStatus),
  route('GET', `${REPO}/deployments/(?<id>\\d+)/statuses`, read, listStatuses),
];
