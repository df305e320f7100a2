import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromiumDom } from './chromium.js';
import { literalMarkup, visibleText } from './summary-view.js';

/**
 * `npm run demo` end to end, as a person runs it: the script (through tsx) starts the simulator and
 * the real registry, builds the example service with buildah and runs the built actions. Two runs
 * share one state directory: the first builds, the second finds the image and skips the build.
 * Then `--fail` (also without a build) must fail the deploy, explain it and exit non-zero.
 */

const ROOT = resolve(import.meta.dirname, '..', '..');

interface DemoRun {
  code: number | null;
  output: string;
  report: {
    ok: boolean;
    steps: Array<{ name: string; action: string; status: string; outputs: Record<string, string>; errors: string[] }>;
    services: Array<{ service: string; taskDefinition: string; images: string[]; running: number; desired: number }>;
    summaryPage: string;
  };
}

const stateDir = mkdtempSync(join(tmpdir(), 'demo-state-'));

async function demo(...args: string[]): Promise<DemoRun> {
  const reportFile = join(stateDir, `report-${Date.now()}.json`);
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/demo.ts', ...args, `--report=${reportFile}`], {
    cwd: ROOT,
    env: { ...process.env, DEMO_STATE_DIR: stateDir, NO_COLOR: '1', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  let report: DemoRun['report'];
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8'));
  } catch {
    throw new Error(`the demo wrote no report (exit code ${code}):\n${output}`);
  }
  return { code, output, report };
}

const step = (run: DemoRun, action: string) => run.report.steps.find((s) => s.action === action && !s.name.startsWith('Post'));

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe('npm run demo', () => {
  let first: DemoRun;

  it(
    'builds, pushes, renders, migrates and deploys the api and the worker by digest',
    async () => {
      first = await demo();
      expect({ code: first.code, failed: first.report.steps.filter((s) => s.status !== 'ok') }).toEqual({ code: 0, failed: [] });
      expect(first.report.steps.map((s) => s.action)).toEqual(
        expect.arrayContaining(['ecr-login', 'build-push', 'render-taskdef', 'run-migration', 'deploy-service']),
      );
      const build = step(first, 'build-push')!;
      expect(build.outputs.skipped).toBe('false');
      expect(build.outputs['image-uri']).toMatch(/@sha256:[0-9a-f]{64}$/);

      // What the simulator's ECS runs now: the rendered revisions, with the image by digest.
      const api = first.report.services.find((s) => s.service === 'api')!;
      const worker = first.report.services.find((s) => s.service === 'worker')!;
      expect(api.taskDefinition).toMatch(/^shop-api:\d+$/);
      expect(api.taskDefinition).not.toBe('shop-api:1'); // revision 1 is the account's initial one
      expect(api.images).toEqual([build.outputs['image-uri']]);
      expect(worker.images).toEqual([build.outputs['image-uri']]);
      expect(api.running).toBe(api.desired);

      // Printed for a person: the step names, the summaries as text (no HTML tags), the recap.
      expect(first.output).toContain('==> 1. ecr-login');
      expect(first.output).toContain('job summary:');
      expect(first.output).toMatch(/Recap\n/);
      expect(first.output).not.toMatch(/<\/?(table|tr|td|h3)>/);
    },
    20 * 60_000,
  );

  it("writes every step's job summary into one page that a browser shows as GitHub would", () => {
    expect(first.output).toContain(`file://${first.report.summaryPage}`);
    const dom = chromiumDom(`file://${first.report.summaryPage}`);
    const sections = [...dom.matchAll(/<section id="step-\d+" data-action="([^"]+)">/g)].map((m) => m[1]);
    expect(sections).toEqual(expect.arrayContaining(['ecr-login', 'build-push', 'render-taskdef', 'run-migration', 'deploy-service']));
    const text = visibleText(dom.replace(/<(style|title)>[\s\S]*?<\/\1>/g, ''));
    expect(text).toContain('ECR login');
    expect(text).toMatch(/Deploy to \S+/);
    expect(literalMarkup(text)).toEqual([]);
    expect(text).not.toMatch(/<\/?(h3|table|tr|td|p|code|a)\b/); // HTML shown as text
  });

  it(
    'skips the build on a second run with the same source',
    async () => {
      expect(first?.code).toBe(0);
      const second = await demo();
      expect(second.code).toBe(0);
      const build = step(second, 'build-push')!;
      expect(build.outputs.skipped).toBe('true');
      // The same image (the registry's port changes between runs, the digest does not).
      expect(build.outputs.digest).toBe(step(first, 'build-push')!.outputs.digest);
      expect(second.report.services.find((s) => s.service === 'api')!.images[0]).toMatch(new RegExp(`@${build.outputs.digest}$`));
    },
    10 * 60_000,
  );

  it(
    'with --fail, shows why the deploy failed and exits non-zero',
    async () => {
      const failed = await demo('--fail');
      expect(failed.code).not.toBe(0);
      const deploy = step(failed, 'deploy-service')!;
      expect(deploy.status).toBe('failed');
      // The explanation names the circuit breaker or the crash, not a JSON blob.
      expect(deploy.errors.join('\n')).toMatch(/circuit breaker|rolled back|exit(ed)? (with )?code 1/i);
      expect(failed.output).toMatch(/The pipeline failed at deploy-service/);
      expect(deploy.errors.join('\n')).not.toMatch(/\{"|"taskArn"/);
    },
    10 * 60_000,
  );
});
