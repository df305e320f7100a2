import { ActionFailure } from '../errors.js';

/** Alarm names CloudWatch does not know (in this account and region): each one is named. */
export class AlarmsNotFoundError extends ActionFailure {
  override name = 'AlarmsNotFoundError';
  constructor(readonly missing: string[]) {
    super(
      `CloudWatch has no alarm named ${missing.map((name) => `"${name}"`).join(', ')} (metric or composite) in this account and region.`,
    );
  }
}
