import type { RunState } from '../run-state.js';
import type { ActionHandler } from '../types.js';
import { downloadArtifact, uploadArtifact } from './artifacts.js';
import { checkoutStandIn } from './checkout.js';
import { configureAwsCredentials } from './configure-aws-credentials.js';

/** The third-party actions the runner replaces by default, by owner/name. */
export function defaultStandIns(run: () => RunState): Record<string, ActionHandler> {
  return {
    'actions/checkout': checkoutStandIn(run),
    'aws-actions/configure-aws-credentials': configureAwsCredentials,
    'actions/upload-artifact': uploadArtifact,
    'actions/download-artifact': downloadArtifact,
  };
}
