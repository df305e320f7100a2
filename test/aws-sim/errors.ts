/**
 * An error in AWS's shape. `code` becomes the exception class the SDK raises
 * (ClientException, RepositoryNotFoundException, ThrottlingException, ...).
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Extra members some exceptions carry (e.g. ECS's `reason`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get sender(): boolean {
    return this.status < 500;
  }
}

export const validationError = (message: string) => new AwsError('ValidationException', message);
