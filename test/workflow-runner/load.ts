import { readFileSync } from 'node:fs';
import {
  convertWorkflowTemplate,
  isMapping,
  isSequence,
  NoOperationTraceWriter,
  parseWorkflow,
  type WorkflowTemplate,
} from '@actions/workflow-parser';
import { convertActionTemplate, parseAction, type ActionTemplate } from '@actions/workflow-parser/actions/index';
import type { MappingToken, TemplateToken } from '@actions/workflow-parser/templates/tokens/index';
import type { FileProvider } from '@actions/workflow-parser/workflows/file-provider';

/**
 * Reads workflow and action files with GitHub's own parser: YAML, then validation against GitHub's
 * workflow (or action) schema, then conversion. Any error is a WorkflowSchemaError listing
 * GitHub's messages. The converted model drops some keys (with, shell, permissions,
 * timeout-minutes...), so the raw token tree is kept beside it.
 */

export class WorkflowSchemaError extends Error {
  constructor(
    readonly file: string,
    readonly errors: string[],
  ) {
    super(errors.every((e) => e.startsWith(file)) ? errors.join('; ') : `${file}: ${errors.join('; ')}`);
    this.name = 'WorkflowSchemaError';
  }
}

export interface LoadedWorkflow {
  file: string;
  template: WorkflowTemplate;
  root: MappingToken;
}

export interface LoadedAction {
  file: string;
  template: ActionTemplate;
  root: MappingToken;
}

export function field(mapping: TemplateToken | undefined, key: string): TemplateToken | undefined {
  if (!mapping || !isMapping(mapping)) return undefined;
  return mapping.find(key);
}

/** The raw mapping of job `id` in a workflow's `jobs:`. */
export function rawJob(workflow: { root: MappingToken }, id: string): MappingToken {
  return field(workflow.root, 'jobs')!.assertMapping('jobs').find(id)!.assertMapping(`job ${id}`);
}

/** The raw step mappings of a `steps:` sequence (same order as the converted steps). */
export function rawSteps(owner: TemplateToken | undefined): MappingToken[] {
  const steps = field(owner, 'steps');
  if (!steps || !isSequence(steps)) return [];
  return [...steps].map((step) => step.assertMapping('step'));
}

export async function loadWorkflow(file: { name: string; content: string }, fileProvider?: FileProvider): Promise<LoadedWorkflow> {
  const parsed = parseWorkflow(file, new NoOperationTraceWriter());
  const template = parsed.value
    ? await convertWorkflowTemplate(parsed.context, parsed.value, fileProvider, { fetchReusableWorkflowDepth: fileProvider ? 1 : 0 })
    : undefined;
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length || !template || !parsed.value) throw new WorkflowSchemaError(file.name, errors.length ? errors : ['empty workflow']);
  return { file: file.name, template, root: parsed.value.assertMapping('workflow') };
}

export function loadAction(path: string): LoadedAction {
  const content = readFileSync(path, 'utf8');
  const parsed = parseAction({ name: path, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length || !parsed.value) throw new WorkflowSchemaError(path, errors.length ? errors : ['empty action']);
  const template = convertActionTemplate(parsed.context, parsed.value);
  const conversionErrors = parsed.context.errors.getErrors().map((e) => e.message);
  if (conversionErrors.length) throw new WorkflowSchemaError(path, conversionErrors);
  return { file: path, template, root: parsed.value.assertMapping('action') };
}
